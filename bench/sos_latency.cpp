// Benchmark: an SOS published by a device → the alert on a signed-in user's WebSocket.
//
//   sos_latency --http 127.0.0.1:8080 --user admin --password PW --mqtt mqtt://127.0.0.1:1883
//               --devices FILE [--count 200] [--interval-ms 50]
//
// FILE has one `SERIAL:SECRET` per line (data/demo-devices.txt): devices bound to elders the
// user may see. For each of --count rounds the tool takes the next device, publishes a new SOS
// event on its up topic (QoS 1, the device's own login), and waits for the live feed's
// {"type":"alert","op":"raised"} naming that device (or "repeat": the device's alert from an
// earlier round was still open, because its raise came too late to be resolved); then it
// resolves the alert over HTTP so that the next SOS of the device raises a new alert. The time
// from just before the publish to the WebSocket frame is the latency: it covers the broker,
// decoding, the batch commit with fsync, loading the alert view and the push. A round without
// an alert within 10 s counts as lost. If the server closes the live feed (a client that falls
// behind is closed with 1013), the tool signs the feed in again and says how often it did.
// Prints count, lost, reconnects, p50, p90, p99 and max in ms.
//
// Beast is used here directly: this tool is its own target, outside the server's build.
#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ingest/dynsec.hpp"
#include "ingest/mqtt_client.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

namespace {

struct options {
  std::string host = "127.0.0.1", port = "8080", user = "admin", password, mqtt_url, devices;
  int count = 200, interval_ms = 50;
};

[[noreturn]] void die(const std::string& m) {
  std::cerr << "sos_latency: " << m << "\n";
  std::exit(2);
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--http") {
      auto c = v.rfind(':');
      o.host = v.substr(0, c);
      o.port = v.substr(c + 1);
    } else if (k == "--user")
      o.user = v;
    else if (k == "--password")
      o.password = v;
    else if (k == "--mqtt")
      o.mqtt_url = v;
    else if (k == "--devices")
      o.devices = v;
    else if (k == "--count")
      o.count = std::stoi(v);
    else if (k == "--interval-ms")
      o.interval_ms = std::stoi(v);
    else
      die("unknown option " + k);
  }
  if (o.password.empty() || o.mqtt_url.empty() || o.devices.empty())
    die("needs --password, --mqtt and --devices");
  return o;
}

struct session {
  std::string cookie, csrf;
};

http::response<http::string_body> request(const options& o, http::verb verb,
                                          const std::string& target, const std::string& body,
                                          const session* s) {
  asio::io_context ioc;
  tcp::resolver res(ioc);
  beast::tcp_stream stream(ioc);
  stream.connect(res.resolve(o.host, o.port));
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, o.host);
  req.set(http::field::content_type, "application/json");
  if (s) {
    req.set(http::field::cookie, s->cookie);
    req.set("X-CSRF-Token", s->csrf);
  }
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buf;
  http::response<http::string_body> r;
  http::read(stream, buf, r);
  return r;
}

session login(const options& o) {
  auto r = request(o, http::verb::post, "/api/v1/auth/login",
                   json::serialize(json::object{{"username", o.user}, {"password", o.password}}),
                   nullptr);
  if (r.result_int() != 200) die("sign-in failed: " + r.body());
  session s;
  std::string set = std::string(r[http::field::set_cookie]);
  s.cookie = set.substr(0, set.find(';'));
  s.csrf = std::string(json::parse(r.body()).at("csrf_token").as_string());
  return s;
}

double pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  auto o = parse(argc, argv);
  std::vector<std::pair<std::string, std::string>> devs;
  {
    std::ifstream in(o.devices);
    std::string line;
    while (std::getline(in, line)) {
      auto c = line.find(':');
      if (c != std::string::npos) devs.emplace_back(line.substr(0, c), line.substr(c + 1));
    }
  }
  if (devs.empty()) die("no devices in " + o.devices);
  // Prefer SOS pendants (any critical-capable device would do).
  std::stable_partition(devs.begin(), devs.end(),
                        [](const auto& d) { return d.first.find("SOS") != std::string::npos; });
  auto s = login(o);

  // The live feed, read on its own thread; raised alerts by device serial.
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::string, std::pair<clock_type::time_point, std::int64_t>> raised;
  std::atomic<bool> stopping{false};
  std::atomic<int> reconnects{0};
  asio::io_context ioc;
  std::unique_ptr<websocket::stream<tcp::socket>> ws;  // the current feed (reader thread only)
  std::mutex ws_mu;                                    // guards `ws` for the final shutdown
  auto open_feed = [&] {
    auto w = std::make_unique<websocket::stream<tcp::socket>>(ioc);
    tcp::resolver res(ioc);
    asio::connect(w->next_layer(), res.resolve(o.host, o.port));
    w->set_option(websocket::stream_base::decorator(
        [&](websocket::request_type& req) { req.set(http::field::cookie, s.cookie); }));
    w->handshake(o.host + ":" + o.port, "/api/v1/live");
    std::lock_guard lk(ws_mu);
    ws = std::move(w);
  };
  open_feed();
  std::thread reader([&] {
    beast::flat_buffer buf;
    beast::error_code ec;
    for (;;) {
      ws->read(buf, ec);
      if (ec) {
        if (stopping) return;
        std::string why = ec.message();
        if (ws->reason().code != websocket::close_code::none)
          why += " (close " + std::to_string(ws->reason().code) + " " +
                 std::string(ws->reason().reason.c_str()) + ")";
        std::cerr << "sos_latency: the live feed ended: " << why << "; signing it in again\n";
        ++reconnects;
        buf.consume(buf.size());
        for (;;) {
          try {
            open_feed();
            if (stopping) return;
            break;
          } catch (const std::exception& e) {
            if (stopping) return;
            std::cerr << "sos_latency: live feed: " << e.what() << "\n";
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
          }
        }
        continue;
      }
      auto now = clock_type::now();
      auto msg = json::parse(beast::buffers_to_string(buf.data()));
      buf.consume(buf.size());
      const auto* obj = msg.if_object();
      if (!obj || !obj->contains("op")) continue;
      const auto& op = obj->at("op").as_string();
      if (op != "raised" && op != "repeat") continue;
      const auto& a = obj->at("alert").as_object();
      std::string serial(a.at("device").at("serial").as_string());
      std::lock_guard lk(mu);
      raised[serial] = {now, a.at("id").as_int64()};
      cv.notify_all();
    }
  });

  auto base = ec::ingest::parse_mqtt_url(o.mqtt_url);
  if (!base) die("bad --mqtt");
  std::vector<double> lat;
  int lost = 0;
  std::map<std::string, std::unique_ptr<ec::ingest::mqtt_client>> conns;
  for (int i = 0; i < o.count; ++i) {
    const auto& [serial, secret] = devs[static_cast<std::size_t>(i) % devs.size()];
    auto& c = conns[serial];
    if (!c) {
      auto mo = *base;
      mo.username = serial;
      mo.password = secret;
      mo.client_id = serial;
      c = std::make_unique<ec::ingest::mqtt_client>(mo);
      if (!c->start() || !c->wait_connected(std::chrono::seconds(10)))
        die("device " + serial + " cannot connect: " + c->last_error());
    }
    auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    std::string ev = json::serialize(
        json::object{{"id", "lat-" + std::to_string(now_ms) + "-" + std::to_string(i)},
                     {"type", "sos"},
                     {"time", now_ms}});
    auto t0 = clock_type::now();
    if (!c->publish(ec::ingest::dynsec::up_topic(serial), ev, 1)) die("publish failed");
    std::unique_lock lk(mu);
    bool got = cv.wait_for(lk, std::chrono::seconds(10), [&] {
      auto it = raised.find(serial);
      return it != raised.end() && it->second.first >= t0;
    });
    if (!got) {
      ++lost;
      std::cerr << "sos_latency: round " << i << " (" << serial << "): no alert within 10 s\n";
      continue;
    }
    auto [t1, alert_id] = raised[serial];
    lk.unlock();
    lat.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    auto r = request(o, http::verb::post, "/api/v1/alerts/" + std::to_string(alert_id) + "/resolve",
                     R"({"outcome":"false_alarm","note":"benchmark"})", &s);
    if (r.result_int() != 200) die("resolve failed: " + r.body());
    std::this_thread::sleep_for(std::chrono::milliseconds(o.interval_ms));
  }
  stopping = true;
  {
    std::lock_guard lk(ws_mu);
    beast::error_code ec;
    ws->next_layer().shutdown(tcp::socket::shutdown_both, ec);
  }
  reader.join();
  for (auto& [k, c] : conns) c->stop();
  std::printf(
      "sos→websocket: n=%zu lost=%d reconnects=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f "
      "ms\n",
      lat.size(), lost, reconnects.load(), pct(lat, 0.5), pct(lat, 0.9), pct(lat, 0.99),
      lat.empty() ? 0.0 : *std::max_element(lat.begin(), lat.end()));
  return 0;
}
