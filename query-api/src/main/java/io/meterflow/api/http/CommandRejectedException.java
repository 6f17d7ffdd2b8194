package io.meterflow.api.http;

/**
 * The alert processor rejected a command: 409 with the reason, or 404 when there is no active alert to act on.
 * The problem names the {@code reason} and the {@code commandId}.
 */
public final class CommandRejectedException extends ApiException {

    private final String reason;
    private final String commandId;
    private final int status;

    public CommandRejectedException(int status, String reason, String commandId, String detail) {
        super(detail);
        this.status = status;
        this.reason = reason;
        this.commandId = commandId;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String title() {
        return status == 404 ? "No active alert" : "Command rejected";
    }

    @Override
    public String type() {
        return status == 404 ? "no-active-alert" : "command-rejected";
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public String commandId() {
        return commandId;
    }
}
