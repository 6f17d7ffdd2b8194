package io.meterflow.streams.alerts;

import java.util.List;

/** The rules file is not valid; the message lists every problem, each naming the rule and field. */
public final class AlertRulesException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public AlertRulesException(String source, List<String> problems) {
        super("Invalid alert rules in " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
