package org.dsr.connector.kind;

import org.dsr.adapter.kit.CategoryResult;

/**
 * What a connector did to one category of a command.
 *
 * @param category    the category name, as in the command
 * @param result      rows or objects affected, what the read after the action found, retention or failure;
 *                    {@link CategoryResult#pending} when the processor finishes later
 * @param resumeState for a pending result: what {@link ProcessorConnector#resume} needs to ask again (a status URL, a
 *                    job id; never identifiers); null otherwise
 */
public record StepResult(String category, CategoryResult result, String resumeState) {

    public static StepResult of(String category, CategoryResult result) {
        return new StepResult(category, result, null);
    }
}
