package io.meterflow.streams.validation;

import java.util.List;

/** The validation rules file is not valid; the message lists every problem, each naming the rule and field. */
public final class ValidationRulesException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ValidationRulesException(String source, List<String> problems) {
        super("Invalid validation rules in " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
