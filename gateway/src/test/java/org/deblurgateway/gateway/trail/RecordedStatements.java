package org.deblurgateway.gateway.trail;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trail database that remembers every statement its queries prepare, with the parameters they bind, so a test can
 * ask the database how it runs them ({@code EXPLAIN ANALYZE}): what a query reads does not depend on how busy the
 * machine is, its wall-clock time does.
 */
final class RecordedStatements extends TrailDatabase {

    /** One prepared statement as the query ran it. */
    record Statement(String sql, Map<Integer, Object> parameters) {}

    private final List<Statement> statements = new ArrayList<>();

    RecordedStatements(ConsoleConfig config, Path dataDir) {
        super(config, dataDir);
    }

    @Override
    public Connection connection() throws SQLException {
        Connection real = super.connection();
        return proxy(Connection.class, (proxy, method, args) -> {
            Object result = call(real, method, args);
            if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                Statement statement = new Statement(sql, new TreeMap<>());
                synchronized (statements) {
                    statements.add(statement);
                }
                PreparedStatement prepared = (PreparedStatement) result;
                return proxy(PreparedStatement.class, (p, m, a) -> {
                    if (m.getName().startsWith("set") && a != null && a.length >= 2 && a[0] instanceof Integer index) {
                        statement.parameters().put(index, a[1]);
                    }
                    return call(prepared, m, a);
                });
            }
            return result;
        });
    }

    /** The statements prepared since the last call, in order. */
    List<Statement> take() {
        synchronized (statements) {
            List<Statement> taken = List.copyOf(statements);
            statements.clear();
            return taken;
        }
    }

    /** The database's plan of {@code statement} with its parameters, with the rows it read ({@code scanCount}). */
    String plan(Statement statement) throws SQLException {
        try (Connection c = super.connection();
                PreparedStatement q = c.prepareStatement("EXPLAIN ANALYZE " + statement.sql())) {
            for (Map.Entry<Integer, Object> parameter : statement.parameters().entrySet()) {
                q.setObject(parameter.getKey(), parameter.getValue());
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1));
                }
            }
            return plan.toString();
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
