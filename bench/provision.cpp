// How fast the broker's dynamic-security plugin takes new device logins (bench/ingest.sh).
//
//   eldercare_bench_provision URL ADMIN_FILE PREFIX COUNT BATCH
//
// Creates COUNT device logins PREFIX-000000… exactly as the devices API does (ingest/dynsec.hpp:
// a role per device and a client), BATCH devices per control message, and prints one line per
// 10 % with the rate of that slice, so a rate that falls as the broker holds more clients
// shows (the plugin rewrites its whole dynsec.json after every change).
// Output lines: "provision N TOTAL_S SLICE_PER_S".
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "ingest/dynsec.hpp"
#include "ingest/mqtt_client.hpp"

namespace dynsec = ec::ingest::dynsec;

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s URL ADMIN_FILE PREFIX COUNT BATCH\n", argv[0]);
    return 2;
  }
  auto opts = ec::ingest::parse_mqtt_url(argv[1]);
  if (!opts) {
    std::fprintf(stderr, "%s\n", opts.err().message.c_str());
    return 2;
  }
  std::ifstream in(argv[2]);
  std::string line;
  std::getline(in, line);
  auto colon = line.find(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "%s: expected user:password\n", argv[2]);
    return 2;
  }
  opts->username = line.substr(0, colon);
  opts->password = line.substr(colon + 1);
  std::string prefix = argv[3];
  long count = std::atol(argv[4]);
  long batch = std::max(1L, std::atol(argv[5]));

  ec::ingest::mqtt_client client(*opts);
  if (!client.start() || !client.wait_connected(std::chrono::seconds(10))) {
    std::fprintf(stderr, "cannot connect: %s\n", client.last_error().c_str());
    return 1;
  }
  dynsec::admin admin(client, std::chrono::seconds(600));
  if (auto st = admin.ready(); !st) {
    std::fprintf(stderr, "%s\n", st.err().message.c_str());
    return 1;
  }
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  auto slice_start = t0;
  long slice_from = 0;
  long step = std::max(1L, count / 10);
  for (long done = 0; done < count;) {
    long n = std::min(batch, count - done);
    // One message with the createRole + createClient commands of n devices, numbered
    // "tag:i" in command order as admin::send() expects.
    auto tag = admin.next_tag();
    boost::json::array commands;
    for (long k = 0; k < n; ++k) {
      char serial[64];
      std::snprintf(serial, sizeof serial, "%s-%06ld", prefix.c_str(), done + k);
      auto one = boost::json::parse(
          dynsec::create_device_request(serial, dynsec::generate_password(), "x"));
      for (auto& c : one.at("commands").as_array()) commands.push_back(c);
    }
    for (std::size_t i = 0; i < commands.size(); ++i) {
      commands[i].as_object()["correlationData"] = tag + ":" + std::to_string(i);
    }
    std::size_t count_commands = commands.size();
    std::string payload = boost::json::serialize(boost::json::object{{"commands", commands}});
    auto rs = admin.send(payload, tag, count_commands);
    if (!rs) {
      std::fprintf(stderr, "after %ld devices: %s\n", done, rs.err().message.c_str());
      return 1;
    }
    for (auto& r : *rs) {
      if (auto st = dynsec::to_status(r); !st) {
        std::fprintf(stderr, "%s\n", st.err().message.c_str());
        return 1;
      }
    }
    done += n;
    if (done - slice_from >= step || done == count) {
      auto now = clock::now();
      double slice_s = std::chrono::duration<double>(now - slice_start).count();
      double total_s = std::chrono::duration<double>(now - t0).count();
      std::printf("provision %ld %.2f %.0f\n", done, total_s,
                  static_cast<double>(done - slice_from) / slice_s);
      std::fflush(stdout);
      slice_start = now;
      slice_from = done;
    }
  }
  client.stop();
  return 0;
}
