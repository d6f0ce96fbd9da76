// Devices for tests that run the simulator against the real broker: registered straight in the
// database (bound to demo elders, as POST /api/v1/devices would) and given their broker logins
// through the dynamic-security plugin.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "simulator/simulator.hpp"

namespace it {

// `n` devices named `<KIND>-<tag>-<i>` on the first `n` elders of the database at
// `database_url`; every third (i % 3 == 2) is a fall detector when `with_falls`, the rest SOS
// pendants. `admin_file` holds the broker admin's "user:password" (scripts/mqtt-broker),
// `mqtt_url` is the broker's.
ec::result<std::vector<ec::ingest::sim_device>> register_sim_devices(
    const std::string& database_url, const std::string& mqtt_url, const std::string& admin_file,
    const std::string& tag, int n, bool with_falls);

// Options for playing `devices` against the broker at `mqtt_url`: `rate` events a second, SOS
// and falls `sos_per_day` (model clock), a critical event repeated after 1 s and then up to 3 s
// apart until "received", a random seed, no periodic report.
ec::ingest::simulator_options sim_options(const std::string& mqtt_url,
                                          std::vector<ec::ingest::sim_device> devices, double rate,
                                          double sos_per_day);

}  // namespace it
