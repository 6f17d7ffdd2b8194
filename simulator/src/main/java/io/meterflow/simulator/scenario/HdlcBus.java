package io.meterflow.simulator.scenario;

/**
 * Where a group of DLMS meters sits on an HDLC multi-drop bus: the gateway (groups naming the same gateway share
 * its TCP port) and the meters' physical addresses.
 *
 * @param gateway       name of the gateway
 * @param firstAddress  physical (lower HDLC) address of the group's first meter, the others follow; absent: the next
 *                      free address on the gateway from {@value #FIRST_FREE_ADDRESS}
 * @param maxInfoLength the meters' largest information field (both directions, 32-2030; default
 *                      {@value #DEFAULT_MAX_INFO_LENGTH}): a link gets the smaller of this and the client's proposal
 * @param window        the meters' largest window (1-7, default 1)
 */
public record HdlcBus(String gateway, Integer firstAddress, Integer maxInfoLength, Integer window) {

    public static final int FIRST_FREE_ADDRESS = 16;
    public static final int DEFAULT_MAX_INFO_LENGTH = 256;

    public int maxInfo() {
        return maxInfoLength == null ? DEFAULT_MAX_INFO_LENGTH : maxInfoLength;
    }

    public int windowSize() {
        return window == null ? 1 : window;
    }
}
