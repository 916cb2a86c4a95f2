package org.dsr.orchestrator.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dsr.contracts.Topics;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestType;

/** The data map the orchestrator runs on: configuration, not code (docs/policy.md). */
public record Policy(int version, String controller, List<Processor> processors) {

    public record Processor(
            String name, String description, String commandTopic, Duration timeout, List<Category> categories) {

        public String topic() {
            return commandTopic == null ? Topics.commands(name) : commandTopic;
        }

        /** The categories a request of this type reaches at this processor, with their actions. */
        public List<CategoryCommand> commandsFor(RequestType type) {
            return categories.stream()
                    .filter(c -> c.actions().containsKey(type))
                    .map(c -> new CategoryCommand(c.name(), c.actions().get(type)))
                    .toList();
        }
    }

    public record Category(
            String name,
            String description,
            Map<RequestType, Action> actions,
            Map<Jurisdiction, Retention> retention) {}

    /** @param until the retention rule in words; the processor computes the date, the record shows both */
    public record Retention(String legalBasis, String until) {}

    public Optional<Processor> processor(String name) {
        return processors.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
