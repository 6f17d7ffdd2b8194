package io.meterflow.api.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.api.http.InvalidParameterException;
import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.AlertCommand.Action;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * The JSON body of a command request, read and checked field by field: every problem is a 400 naming the field.
 * {@code until} (SHELVE, required, in the future), {@code assignee} (ASSIGN, required, null or "" unassigns),
 * {@code comment} (COMMENT: required; optional note on the others).
 *
 * @param shelvedUntil epoch ms, SHELVE only
 */
record CommandBody(Long shelvedUntil, String assignee, String comment) {

    static final int MAX_ASSIGNEE = 128;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_EPOCH_MS = 253_402_300_799_999L;

    static CommandBody parse(Action action, String body, Instant now) {
        final JsonNode root = tree(body);
        final Set<String> allowed = switch (action) {
            case SHELVE -> Set.of("until", "comment");
            case ASSIGN -> Set.of("assignee", "comment");
            default -> Set.of("comment");
        };
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            final String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidParameterException(name, "'" + name + "' is not a field of a "
                        + action.name().toLowerCase(java.util.Locale.ROOT) + " request; it takes " + allowed);
            }
        }
        final String comment = comment(root, action == Action.COMMENT);
        return switch (action) {
            case SHELVE -> new CommandBody(until(root, now), null, comment);
            case ASSIGN -> new CommandBody(null, assignee(root), comment);
            default -> new CommandBody(null, null, comment);
        };
    }

    private static JsonNode tree(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        final JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidParameterException("body", "the body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidParameterException("body", "the body must be a JSON object");
        }
        return root;
    }

    private static String comment(JsonNode root, boolean required) {
        final JsonNode node = root.get("comment");
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidParameterException("comment", "comment is required: 1 to "
                        + AlertCommand.MAX_COMMENT_LENGTH + " characters");
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > AlertCommand.MAX_COMMENT_LENGTH) {
            throw new InvalidParameterException("comment", "comment must be text of 1 to "
                    + AlertCommand.MAX_COMMENT_LENGTH + " characters, not only blanks");
        }
        return node.asText();
    }

    private static String assignee(JsonNode root) {
        if (!root.has("assignee")) {
            throw new InvalidParameterException("assignee", "assignee is required: a name, or null or \"\" to unassign");
        }
        final JsonNode node = root.get("assignee");
        if (node.isNull() || node.isTextual() && node.asText().isEmpty()) {
            return null;
        }
        final String name = node.isTextual() ? node.asText().strip() : null;
        if (name == null || name.isEmpty() || name.length() > MAX_ASSIGNEE || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidParameterException("assignee", "assignee must be text of 1 to " + MAX_ASSIGNEE
                    + " characters without control characters, or null to unassign");
        }
        return name;
    }

    private static long until(JsonNode root, Instant now) {
        final JsonNode node = root.get("until");
        if (node == null || node.isNull()) {
            throw new InvalidParameterException("until", "until is required: an ISO-8601 instant or epoch milliseconds");
        }
        final long until;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            until = node.asLong();
        } else if (node.isTextual()) {
            try {
                until = node.asText().matches("-?[0-9]{1,19}") ? Long.parseLong(node.asText())
                        : Instant.parse(node.asText()).toEpochMilli();
            } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
                throw new InvalidParameterException("until", "until must be an ISO-8601 instant such as "
                        + "2026-01-31T12:00:00Z or epoch milliseconds");
            }
        } else {
            throw new InvalidParameterException("until", "until must be an ISO-8601 instant or epoch milliseconds");
        }
        if (until <= now.toEpochMilli() || until > MAX_EPOCH_MS) {
            throw new InvalidParameterException("until", "until must be in the future (now is " + now + ")");
        }
        return until;
    }
}
