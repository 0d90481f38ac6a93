#ifndef CALLMETER_CSQLITE_SHIM_H
#define CALLMETER_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import.
static inline sqlite3_destructor_type callmeter_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

// sqlite3_db_config is variadic; Swift cannot call it. Turn off double-quoted string literals
// so that a misspelt column name is an error, not a string.
static inline int callmeter_sqlite_disable_dqs(sqlite3 *db) {
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
}

// Binds text of a known byte length (an embedded NUL does not truncate it). A NULL pointer with
// length 0 binds the empty string, not SQL NULL.
static inline int callmeter_sqlite_bind_text(sqlite3_stmt *statement, int index, const void *bytes, sqlite3_uint64 count) {
    return sqlite3_bind_text64(statement, index, bytes ? (const char *)bytes : "", count, SQLITE_TRANSIENT, SQLITE_UTF8);
}

// Memory statistics make every SQLite allocation take a global mutex; CallMeter does not read
// them. Must run before the first connection opens (sqlite3_config is variadic, hence the shim).
static inline int callmeter_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

// Binds text that SQLite must not copy: the caller keeps the bytes alive and unchanged until the
// statement is reset (SQLITE_STATIC). Saves a malloc and a copy per field on the ingest path.
static inline int callmeter_sqlite_bind_static_text(sqlite3_stmt *statement, int index, const void *bytes, sqlite3_uint64 count) {
    return sqlite3_bind_text64(statement, index, bytes ? (const char *)bytes : "", count, SQLITE_STATIC, SQLITE_UTF8);
}
#endif
