// PostgreSQL backend (libpq) for multi-node deployments.
//
// The URL is a libpq connection URI, e.g. "postgresql://eldercare@127.0.0.1:5432/eldercare";
// anything libpq accepts in the query string (sslmode, options, …) passes through.
// Each session gets application_name=eldercare and statement_timeout=30 s unless the
// URI sets its own `application_name` / `options`.
//
// Pool: connections are opened lazily up to pool_size; acquire() waits at most
// busy_timeout_ms for a free one. A connection handed back inside a transaction is
// rolled back; one that the server closed or killed is reconnected (or dropped)
// before it is handed out again. Statements are prepared once per connection and
// cached by SQL text; parameters travel as text and the server infers their types.
//
// Values: int2/int4/int8 and bool columns arrive as int64, float4/float8/numeric as
// double, NULL as monostate, everything else as UTF-8 text.
// Errors (by SQLSTATE): 23505 → conflict "db.unique"; other 23xxx → invalid
// "db.constraint"; 40001, 40P01, 55P03, 57014 → unavailable "db.busy"; a lost
// connection (08xxx, 57P0x, or a closed socket) → unavailable "db.connection";
// anything else → internal "db.error".
// Thread-safety: as db.hpp; libpq connections are never shared between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "db/db.hpp"

namespace ec::db::postgres {

// Connects once eagerly; throws std::runtime_error if that fails (start-up error).
std::unique_ptr<database> open(const options& opts);

// Rewrites `?` placeholders to $1, $2, … except inside single-quoted strings
// (including E'' strings), double-quoted identifiers, dollar-quoted bodies and
// comments, where `?` is left alone. `count` receives the number rewritten.
std::string rewrite_placeholders(std::string_view sql, int& count);
std::string rewrite_placeholders(std::string_view sql);

}  // namespace ec::db::postgres
