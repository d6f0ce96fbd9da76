// `eldercare simulate`: the device simulator (simulator/simulator.hpp) for the demo's devices.
//
// Which devices: the credentials file (default data/demo-devices.txt, written by
// `eldercare demo`) has one `SERIAL:SECRET` per line; each device's type comes from the
// `devices` table of the platform's database (--database-url, the same database the server
// uses). The database is the one place that knows a device's type for any serial; guessing it
// from a serial prefix would break for devices registered by hand. Serials the database does
// not know, or knows as retired, are skipped with a warning (the server would only dead-letter
// their events). Heartbeat intervals are the rule engine's defaults for the type.
//
// Broker logins: with --admin FILE (the broker's dynamic-security admin "user:password";
// default data/mqtt/admin, else build/mqtt/admin) a device whose login the broker refuses is
// given it again with its secret from the file (ingest/dynsec.hpp; a login that exists with
// another password is replaced). That is a demo convenience for a broker whose state was
// deleted; it is idempotent.
#pragma once

#include <cstdint>
#include <string>

#include "core/config.hpp"

namespace ec::simulate {

struct cli_options {
  std::size_t devices = 0;  // 0 = every device in the credentials file
  double rate = 0;          // events per second overall; 0 = realistic pace × time_scale
  double time_scale = 1;
  double duration_s = 0;  // 0 = until SIGINT
  std::string credentials = "data/demo-devices.txt";
  std::string admin;  // "" = data/mqtt/admin, else build/mqtt/admin, if present
  std::uint64_t seed = 20261129;
  double sos_rate = 0.05;  // SOS / falls per wearable per (model) day
  std::size_t max_connections = 0;
  double report_interval_s = 10;
};

// Runs the simulator until the duration has passed or SIGINT; prints reports to stdout.
// Returns the process exit status.
int run(const config& cfg, const cli_options& opts);

}  // namespace ec::simulate
