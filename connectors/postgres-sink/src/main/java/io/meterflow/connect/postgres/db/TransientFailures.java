package io.meterflow.connect.postgres.db;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.SQLRecoverableException;

/** Tells database failures worth retrying (the server went away, a conflict) from permanent ones. */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isTransient(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            if (current instanceof SQLTransientException || current instanceof SQLRecoverableException
                    || isTransientState(current.getSQLState())) {
                return true;
            }
            if (current.getCause() instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransientState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08")        // connection exception
                || state.startsWith("53")    // insufficient resources (too many connections, disk full)
                || state.startsWith("57P")   // admin shutdown, crash shutdown, cannot connect now
                || state.equals("40001")     // serialization failure
                || state.equals("40P01")     // deadlock detected
                || state.equals("55P03");    // lock not available
    }
}
