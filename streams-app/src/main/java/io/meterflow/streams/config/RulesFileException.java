package io.meterflow.streams.config;

import java.util.List;

/** A rules file is not valid; the message lists every problem, each naming the rule and field. */
public final class RulesFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    RulesFileException(String kind, String source, List<String> problems) {
        super("Invalid " + kind + " in " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
