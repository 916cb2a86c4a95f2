package org.dsr.localstack.cli;

import java.util.Iterator;
import java.util.concurrent.Callable;
import org.dsr.localstack.LocalTokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./dsr token <role> [subject]}. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = {
            "Print a bearer token for the local stack, signed with the stack's issuer key (generated in "
                    + ".dsr/keys on first use). dsr-submitter, dsr-operator and dsr-compliance tokens live 8 h, "
                    + "dsr-adapter tokens 5 min.",
            "e.g. T=$(./dsr token dsr-operator)"
        })
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    LocalStackCli root;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "<role>",
            description = "one of ${COMPLETION-CANDIDATES}",
            completionCandidates = Roles.class)
    String role;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "<subject>",
            description = "the token's subject " + "(default local-<role>)")
    String subject;

    @Override
    public Integer call() {
        if (!LocalTokens.ROLES.contains(role)) {
            throw new ParameterException(
                    spec.commandLine(), "unknown role '" + role + "'; one of " + String.join(", ", LocalTokens.ROLES));
        }
        spec.commandLine().getOut().println(root.stack().token(role, subject == null ? "local-" + role : subject));
        return 0;
    }

    /** The roles a local token can carry. */
    static final class Roles implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return LocalTokens.ROLES.iterator();
        }
    }
}
