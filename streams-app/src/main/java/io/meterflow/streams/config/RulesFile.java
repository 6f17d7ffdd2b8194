package io.meterflow.streams.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One kind of YAML rules file (the alert rules, the validation rules): reads it into a tree, and turns every problem
 * into a {@link RulesFileException} that names the kind and the file.
 */
public final class RulesFile {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final String kind;

    /** @param kind what the file holds, as its error message names it ("alert rules") */
    public RulesFile(String kind) {
        this.kind = kind;
    }

    /** The text of {@code file}. */
    public String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw invalid(file.toString(), List.of("cannot read the file: " + e));
        }
    }

    /** The YAML tree of {@code yaml} (null for an empty document); {@code source} names it in errors. */
    public JsonNode tree(String yaml, String source) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw invalid(source, List.of("not valid YAML: " + e.getMessage()));
        }
    }

    /** The exception to throw for {@code problems} in {@code source}, each naming the rule and field. */
    public RulesFileException invalid(String source, List<String> problems) {
        return new RulesFileException(kind, source, problems);
    }
}
