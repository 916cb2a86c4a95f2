package org.dsr.kit.problem;

/** Thrown by resources and services to answer with a problem; the message is shown to the client. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of("not-found", "Not Found", 404, what + " does not exist", null));
    }

    public Problem problem() {
        return problem;
    }
}
