package io.meterflow.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}).
 *
 * @param parameter the request parameter at fault, for validation problems
 * @param requestId the X-Request-ID of the request, to find it in the logs
 * @param reason    why the alert processor rejected a command (NO_ACTIVE_ALERT, ALREADY_ACKNOWLEDGED, ...)
 * @param commandId the alert command concerned
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String parameter,
                      String requestId, String reason, String commandId) {

    public static final String CONTENT_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://meterflow.io/problems/";
}
