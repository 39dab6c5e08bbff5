import CMariaDB
import Foundation
import SQLText

/// One session with a MySQL or MariaDB server over libmariadb's C API.
///
/// Every session is opened the same way, so results never depend on server defaults:
/// character set utf8mb4, session time zone UTC (`+00:00`, docs/CONTRACT.md §5), `LOCAL INFILE`
/// disabled, no automatic reconnect (a silent reconnect would lose session settings), and
/// one statement per call (multi-statements stay off, so a value can never smuggle in a second
/// statement). Values enter SQL text only through `quote(_:)`, names only through
/// `SQLIdentifier.quote(_:)`.
///
/// A connection is not thread-safe: use it from one task at a time.
public final class MySQLConnection {
    /// Default seconds to wait for the connection and handshake.
    public static let defaultConnectTimeout = 10
    /// Default seconds one network read may wait: generous, since a preflight GROUP BY over a
    /// large view legitimately stays silent for minutes.
    public static let defaultReadTimeout = 3600

    private var handle: UnsafeMutablePointer<MYSQL>?
    /// How errors name the server: `host:port` or `socket /path`.
    public let endpoint: String
    /// The server's version string, e.g. `10.11.6-MariaDB-0+deb12u1` or `8.0.36`.
    public let serverVersion: String
    /// The database selected at connect time (the URL's path), if any.
    public let database: String?

    /// Connects to `url`. Throws `MySQLError` of kind `.connect` (naming `url.endpoint`) when the
    /// server is unreachable or refuses the session.
    public init(url: MySQLURL) throws {
        MySQLLibrary.ensureInitialized()
        endpoint = url.endpoint
        database = url.database
        guard let mysql = mysql_init(nil) else {
            throw MySQLError(kind: .client, errno: 2008, sqlState: "HY000",
                             message: "libmariadb could not allocate a connection (out of memory)", endpoint: url.endpoint)
        }
        handle = mysql

        var connectTimeout = UInt32(clamping: url.connectTimeout ?? Self.defaultConnectTimeout)
        var readTimeout = UInt32(clamping: url.readTimeout ?? Self.defaultReadTimeout)
        var writeTimeout = UInt32(clamping: url.readTimeout ?? Self.defaultReadTimeout)
        var localInfile: UInt32 = 0
        var reconnect: my_bool = 0
        var tcpProtocol = UInt32(MYSQL_PROTOCOL_TCP.rawValue)
        var socketProtocol = UInt32(MYSQL_PROTOCOL_SOCKET.rawValue)
        mysql_options(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout)
        mysql_options(mysql, MYSQL_OPT_READ_TIMEOUT, &readTimeout)
        mysql_options(mysql, MYSQL_OPT_WRITE_TIMEOUT, &writeTimeout)
        mysql_options(mysql, MYSQL_OPT_LOCAL_INFILE, &localInfile)
        mysql_options(mysql, MYSQL_OPT_RECONNECT, &reconnect)
        mysql_options(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        // Without an explicit protocol, libmariadb turns "localhost" into the default socket; a
        // URL that names host:port means TCP to that port.
        if url.socket != nil {
            mysql_options(mysql, MYSQL_OPT_PROTOCOL, &socketProtocol)
        } else {
            mysql_options(mysql, MYSQL_OPT_PROTOCOL, &tcpProtocol)
        }

        let host = url.socket != nil ? "localhost" : (url.host ?? "localhost")
        let connected = mysql_real_connect(mysql, host, url.user, url.password, url.database,
                                           UInt32(clamping: url.port), url.socket, 0)
        if connected == nil {
            let error = Self.error(from: mysql, kind: .connect, endpoint: url.endpoint)
            mysql_close(mysql)
            handle = nil
            throw error
        }
        serverVersion = mysql_get_server_info(mysql).map { String(cString: $0) } ?? "unknown"
        do {
            try execute("SET time_zone = '+00:00'")
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Closes the session; later calls throw. Safe to call more than once.
    public func close() {
        if let handle { mysql_close(handle) }
        handle = nil
    }

    // MARK: Statements

    /// Runs one statement that returns no rows (DDL, INSERT, SET, ...). Returns the number of
    /// affected rows. A statement that does return rows has them read and discarded.
    @discardableResult
    public func execute(_ sql: String) throws -> UInt64 {
        let mysql = try send(sql)
        if let result = mysql_store_result(mysql) {
            mysql_free_result(result)
            return 0
        }
        if mysql_field_count(mysql) != 0 { throw statementError(mysql) }
        return UInt64(mysql_affected_rows(mysql))
    }

    /// Runs one statement and returns its whole result in memory.
    public func query(_ sql: String) throws -> ResultSet {
        let mysql = try send(sql)
        guard let result = mysql_store_result(mysql) else {
            if mysql_field_count(mysql) != 0 { throw statementError(mysql) }
            return ResultSet(columns: [], rows: [])
        }
        defer { mysql_free_result(result) }
        let columns = Self.columns(of: result)
        var rows: [[MySQLValue?]] = []
        rows.reserveCapacity(Int(clamping: mysql_num_rows(result)))
        while let row = mysql_fetch_row(result) {
            rows.append(Self.values(of: row, result: result, count: columns.count))
        }
        return ResultSet(columns: columns, rows: rows)
    }

    /// Runs one statement and hands its rows to `body` one at a time as they arrive
    /// (`mysql_use_result`), so a result of any size needs constant memory. The connection
    /// cannot run another statement until this returns. An error thrown by `body` stops the
    /// read (the rest of the result is discarded) and is rethrown.
    public func forEachRow(_ sql: String, _ body: (MySQLRow) throws -> Void) throws {
        let mysql = try send(sql)
        guard let result = mysql_use_result(mysql) else {
            if mysql_field_count(mysql) != 0 { throw statementError(mysql) }
            return
        }
        defer { mysql_free_result(result) }
        let columns = Self.columns(of: result)
        while let row = mysql_fetch_row(result) {
            try body(MySQLRow(columns: columns, values: Self.values(of: row, result: result, count: columns.count)))
        }
        // mysql_fetch_row returns NULL both at the end and on a broken read.
        if mysql_errno(mysql) != 0 { throw statementError(mysql) }
    }

    // MARK: Quoting values

    /// `text` as a single-quoted SQL string literal, escaped by the server's rules for this
    /// session's character set and SQL mode (`mysql_real_escape_string`; with
    /// `NO_BACKSLASH_ESCAPES` quotes are doubled instead of backslashed). NUL bytes, quotes,
    /// backslashes and newlines all round-trip.
    public func quote(_ text: String) throws -> String {
        let mysql = try open()
        let source = Self.cBytes(text)
        var target = [CChar](repeating: 0, count: source.count * 2 + 1)
        let length = mysql_real_escape_string(mysql, &target, source, UInt(source.count - 1))
        guard length != UInt.max else {
            throw MySQLError(kind: .client, errno: 0, sqlState: "HY000",
                             message: "the value could not be escaped for this connection's character set",
                             endpoint: endpoint)
        }
        let escaped = target.prefix(Int(length)).map { UInt8(bitPattern: $0) }
        return "'" + String(decoding: escaped, as: UTF8.self) + "'"
    }

    /// `bytes` as a hexadecimal literal (`X'0aff'`), independent of character set and SQL mode.
    public static func hexLiteral(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]("X'".utf8)
        out.reserveCapacity(bytes.count * 2 + 3)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        out.append(UInt8(ascii: "'"))
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Internals

    private func open() throws -> UnsafeMutablePointer<MYSQL> {
        guard let handle else {
            throw MySQLError(kind: .client, errno: 2006, sqlState: "HY000",
                             message: "the connection was closed", endpoint: endpoint)
        }
        return handle
    }

    private func send(_ sql: String) throws -> UnsafeMutablePointer<MYSQL> {
        let mysql = try open()
        let bytes = Self.cBytes(sql)
        let status = mysql_real_query(mysql, bytes, UInt(bytes.count - 1))
        if status != 0 { throw statementError(mysql) }
        return mysql
    }

    /// The UTF-8 bytes of `text` plus a terminating NUL; the C functions get the length
    /// explicitly, so NUL bytes inside `text` are passed through, not treated as its end.
    private static func cBytes(_ text: String) -> [CChar] {
        var bytes = text.utf8.map { CChar(bitPattern: $0) }
        bytes.append(0)
        return bytes
    }

    private func statementError(_ mysql: UnsafeMutablePointer<MYSQL>) -> MySQLError {
        let number = mysql_errno(mysql)
        let kind: MySQLError.Kind
        if MySQLError.connectionLostErrnos.contains(number) {
            kind = .connectionLost
        } else if (2000..<3000).contains(number) {
            kind = .client
        } else {
            kind = .statement
        }
        return Self.error(from: mysql, kind: kind, endpoint: endpoint)
    }

    private static func error(from mysql: UnsafeMutablePointer<MYSQL>, kind: MySQLError.Kind,
                              endpoint: String) -> MySQLError {
        let number = mysql_errno(mysql)
        let message = mysql_error(mysql).map { String(cString: $0) } ?? ""
        let state = mysql_sqlstate(mysql).map { String(cString: $0) } ?? "HY000"
        return MySQLError(kind: kind, errno: number, sqlState: state,
                          message: message.isEmpty ? "unknown error" : message, endpoint: endpoint)
    }

    private static let binaryCharset: UInt32 = 63
    private static let unsignedFlag: UInt32 = 32

    private static func columns(of result: UnsafeMutablePointer<MYSQL_RES>) -> [MySQLColumn] {
        let count = Int(mysql_num_fields(result))
        guard count > 0, let fields = mysql_fetch_fields(result) else { return [] }
        return (0..<count).map { index in
            let field = fields[index]
            let name: String
            if let pointer = field.name {
                let raw = UnsafeRawBufferPointer(start: pointer, count: Int(field.name_length))
                name = String(decoding: raw, as: UTF8.self)
            } else {
                name = ""
            }
            return MySQLColumn(name: name, type: MySQLColumnType(rawType: field.type.rawValue),
                               isBinary: field.charsetnr == binaryCharset,
                               isUnsigned: field.flags & unsignedFlag != 0)
        }
    }

    private static func values(of row: MYSQL_ROW, result: UnsafeMutablePointer<MYSQL_RES>,
                               count: Int) -> [MySQLValue?] {
        guard let lengths = mysql_fetch_lengths(result) else { return Array(repeating: nil, count: count) }
        return (0..<count).map { index in
            guard let pointer = row[index] else { return nil }
            let raw = UnsafeRawBufferPointer(start: pointer, count: Int(lengths[index]))
            return MySQLValue(bytes: Array(raw))
        }
    }
}

/// `mysql_library_init` (a macro for `mysql_server_init`) is not thread-safe and must run once before the first `mysql_init`;
/// a Swift global's lazy initializer runs exactly once, under a lock.
enum MySQLLibrary {
    private static let initialized: Bool = mysql_server_init(0, nil, nil) == 0

    static func ensureInitialized() { _ = initialized }
}
