/*
 * ddb-migrate: local stand-in for MySQL Connector/J's driver class (docs/GLUE-STANDIN.md).
 *
 * Why this exists: AWS Glue 5.0 reads MySQL through the MySQL Connector/J 8.0.33 it bundles
 * (AWS Glue Developer Guide, "JDBC connections", table "JDBC driver versions":
 * https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-jdbc-home.html),
 * so a job names the driver class com.mysql.cj.jdbc.Driver and a jdbc:mysql:// URL. Debian ships
 * no MySQL Connector/J, only MariaDB Connector/J (libmariadb-java). This class gives local runs
 * Glue's class name and URL scheme on top of MariaDB's driver, and nothing more:
 *
 *  - It accepts only jdbc:mysql://host[:port][/database][?properties] with one host, and returns
 *    null (as Connector/J does for a URL it does not own) for anything else, jdbc:mariadb://
 *    included, so Spark fails with "The driver could not open a JDBC connection. Check the URL".
 *  - MariaDB's driver is loaded in a class loader of its own, from the jar the system property
 *    ddbm.jdbcshim.mariadbJar names (default: Debian's). It is therefore not on the job's class
 *    path: a job naming org.mariadb.jdbc.Driver fails with ClassNotFoundException, as on Glue,
 *    whose driver table lists no MariaDB driver.
 *  - Connection properties (from the URL's query and from the Properties object; the object's
 *    win, as in Connector/J: "Properties passed in override the ones from the connection string")
 *    are translated one by one. A property without a translation below is refused with an
 *    SQLException naming it, never passed on with a meaning MariaDB might not share.
 *
 * Translations (MySQL Connector/J 8.0 Developer Guide, "Configuration Properties",
 * https://dev.mysql.com/doc/connector-j/en/connector-j-reference-configuration-properties.html;
 * MariaDB Connector/J, "About MariaDB Connector/J", "Optional URL parameters" and
 * "Streaming result sets", https://mariadb.com/kb/en/about-mariadb-connector-j/):
 *
 *  - user, password: standard JDBC properties, passed on.
 *  - sessionVariables: both drivers send the comma-separated name=value list as SET statements
 *    once connected; passed on.
 *  - useCursorFetch: Connector/J fetches fetchSize rows at a time (server-side cursor) only when
 *    useCursorFetch=true and the statement's fetch size is > 0, otherwise it reads the whole
 *    result into memory. MariaDB Connector/J has no such property: since 1.4.0 (CONJ-26) it
 *    streams whenever the fetch size is > 0. Either way memory is bounded by the fetch size, so
 *    the property is dropped after its value is checked to be a Connector/J boolean.
 *  - tinyInt1isBit: both drivers report TINYINT(1) as BIT unless it is false (Connector/J,
 *    "Result Sets" properties; MariaDB Connector/J 2.x, "Optional URL parameters",
 *    tinyInt1isBit); checked to be a Connector/J boolean and passed on as true/false (MariaDB's
 *    parser does not take yes/no).
 *
 * Built by scripts/install-deps.sh into .work/jdbc/mysql-connector-shim.jar; runtime/run_local.py
 * puts that jar (and only that jar) on spark.jars.
 */
package com.mysql.cj.jdbc;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class Driver implements java.sql.Driver {
    /** The one URL scheme accepted: Connector/J's single-host scheme (its other schemes are refused). */
    static final String MYSQL_SCHEME = "jdbc:mysql://";
    /** What the delegate is given instead: MariaDB Connector/J's own scheme. */
    static final String MARIADB_SCHEME = "jdbc:mariadb://";
    /** System property naming the MariaDB Connector/J jar to delegate to. */
    static final String MARIADB_JAR_PROPERTY = "ddbm.jdbcshim.mariadbJar";
    static final String DEFAULT_MARIADB_JAR = "/usr/share/java/mariadb-java-client.jar";
    static final String MARIADB_DRIVER_CLASS = "org.mariadb.jdbc.Driver";
    /** Where to read why a URL or property is refused. */
    static final String SEE = " (local MySQL Connector/J stand-in, runtime/jdbc-shim; see docs/GLUE-STANDIN.md)";

    /** host (name, IPv4 or [IPv6]), optional port, optional /database, optional ?properties. */
    private static final Pattern MYSQL_URL = Pattern.compile(
            "jdbc:mysql://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9][A-Za-z0-9.\\-_]*)(?::([0-9]{1,5}))?(?:/([^?]*))?(?:\\?(.*))?",
            Pattern.DOTALL);
    /** Database names passed on verbatim: MariaDB's URL parser does not percent-decode them. */
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$\\-]*");

    private static volatile java.sql.Driver delegate;

    static {
        // Connector/J registers its driver the same way, so Class.forName is enough to use it.
        try {
            DriverManager.registerDriver(new Driver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Public, as Connector/J's is: Spark instantiates the class named by the "driver" option. */
    public Driver() {
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(MYSQL_SCHEME);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // java.sql.Driver: "return null if it realizes it is the wrong kind of driver"
        }
        Translated target = translate(url, info);
        Connection connection = delegate().connect(target.url, target.properties);
        if (connection == null) {
            throw new SQLException("MariaDB Connector/J refused the translated URL " + target.url + SEE, "08001");
        }
        return connection;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return new DriverPropertyInfo[0];
        }
        Translated target = translate(url, info);
        return delegate().getPropertyInfo(target.url, target.properties);
    }

    /** The version Glue 5.0 bundles: MySQL Connector/J 8.0.33. */
    @Override
    public int getMajorVersion() {
        return 8;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    /** Connector/J reports false: MySQL is not fully SQL-92 compliant. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("getParentLogger" + SEE);
    }

    /** A MariaDB URL and properties equivalent to a Connector/J URL and properties. */
    static final class Translated {
        final String url;
        final Properties properties;

        Translated(String url, Properties properties) {
            this.url = url;
            this.properties = properties;
        }
    }

    static Translated translate(String url, Properties info) throws SQLException {
        Matcher m = MYSQL_URL.matcher(url);
        if (!m.matches()) {
            throw new SQLException("unsupported MySQL URL " + redact(url)
                    + ": expected jdbc:mysql://host[:port][/database][?name=value&...] with a single host" + SEE,
                    "08001");
        }
        String host = m.group(1);
        String port = m.group(2);
        String database = m.group(3) == null ? "" : m.group(3);
        if (port != null && Integer.parseInt(port) > 65535) {
            throw new SQLException("port " + port + " is out of range in " + redact(url) + SEE, "08001");
        }
        if (!DATABASE.matcher(database).matches()) {
            throw new SQLException("database name '" + database + "' needs quoting the stand-in does not translate; "
                    + "use letters, digits, '_', '$', '-'" + SEE, "08001");
        }

        // Connector/J: properties from the connection string first, then those passed in, which override.
        Map<String, String> merged = new LinkedHashMap<>();
        if (m.group(4) != null && !m.group(4).isEmpty()) {
            for (String pair : m.group(4).split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode((eq < 0 ? pair : pair.substring(0, eq)).trim());
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1).trim());
                put(merged, key, value);
            }
        }
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                put(merged, key, info.getProperty(key));
            }
        }

        Properties out = new Properties();
        for (Map.Entry<String, String> e : merged.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            switch (key) {
                case "user":
                case "password":
                case "sessionVariables":
                    out.setProperty(key, value);
                    break;
                case "useCursorFetch":
                    checkBoolean(key, value);
                    break; // MariaDB streams whenever the fetch size is > 0 (see the class comment)
                case "tinyInt1isBit":
                    out.setProperty(key, Boolean.toString(checkBoolean(key, value)));
                    break;
                default:
                    throw new SQLException("connection property '" + key + "' has no translation to MariaDB "
                            + "Connector/J; the stand-in models only user, password, sessionVariables, "
                            + "useCursorFetch and tinyInt1isBit" + SEE, "08001");
            }
        }
        String target = MARIADB_SCHEME + host + (port == null ? "" : ":" + port) + "/" + database;
        return new Translated(target, out);
    }

    /** Connector/J matches property names case-insensitively (PropertyKey.normalizeCase). */
    private static void put(Map<String, String> merged, String key, String value) {
        String canonical = key;
        for (String known : new String[] {"user", "password", "sessionVariables", "useCursorFetch", "tinyInt1isBit"}) {
            if (known.equalsIgnoreCase(key)) {
                canonical = known;
                break;
            }
        }
        merged.put(canonical, value);
    }

    /** Connector/J's boolean properties take true/false/yes/no in any case; returns the value. */
    private static boolean checkBoolean(String key, String value) throws SQLException {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!(v.equals("true") || v.equals("false") || v.equals("yes") || v.equals("no"))) {
            throw new SQLException("connection property '" + key + "' must be true, false, yes or no, not '"
                    + value + "'" + SEE, "08001");
        }
        return v.equals("true") || v.equals("yes");
    }

    /**
     * Connector/J trims, then URL-decodes property names and values (java.net.URLDecoder, UTF-8, in
     * ConnectionUrlParser), so '+' in a URL means a space: sessionVariables=time_zone='+00:00'
     * reaches the server as time_zone=' 00:00'. Percent-encode '+' as %2B.
     */
    private static String decode(String s) throws SQLException {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SQLException("malformed percent-encoding in connection property '" + s + "'" + SEE, "08001");
        }
    }

    /** The URL without its query (a password may be in it), for error messages. */
    private static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }

    /** MariaDB's driver, loaded once from its jar in a class loader of its own. */
    private static java.sql.Driver delegate() throws SQLException {
        java.sql.Driver d = delegate;
        if (d != null) {
            return d;
        }
        synchronized (Driver.class) {
            if (delegate == null) {
                delegate = loadDelegate();
            }
            return delegate;
        }
    }

    private static java.sql.Driver loadDelegate() throws SQLException {
        String path = System.getProperty(MARIADB_JAR_PROPERTY, DEFAULT_MARIADB_JAR);
        File jar = new File(path);
        if (!jar.isFile()) {
            throw new SQLException("MariaDB Connector/J jar not found at " + path + " (system property "
                    + MARIADB_JAR_PROPERTY + "; Debian package libmariadb-java, installed by scripts/install-deps.sh)"
                    + SEE, "08001");
        }
        try {
            URLClassLoader loader = new URLClassLoader(new URL[] {jar.toURI().toURL()}, Driver.class.getClassLoader());
            Class<?> cls = Class.forName(MARIADB_DRIVER_CLASS, true, loader);
            return (java.sql.Driver) cls.getDeclaredConstructor().newInstance();
        } catch (MalformedURLException | ReflectiveOperationException | ClassCastException e) {
            throw new SQLException("cannot load " + MARIADB_DRIVER_CLASS + " from " + path + ": " + e + SEE, "08001", e);
        }
    }
}
