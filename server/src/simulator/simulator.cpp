#include "simulator/simulator.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <queue>
#include <thread>
#include <unordered_map>
#include <utility>

#include "ingest/mqtt_wire.hpp"

namespace ec::ingest {

// ---------------------------------------------------------------------------------------------
// Latency statistics

void latency_stats::add(double ms) {
  samples_.push_back(ms);
}

latency_stats::summary latency_stats::summarize() const {
  summary s;
  s.count = samples_.size();
  if (samples_.empty()) return s;
  std::vector<double> v = samples_;
  std::sort(v.begin(), v.end());
  // Nearest rank: the smallest sample with at least p % of the samples at or below it.
  auto rank = [&](double p) {
    auto n = static_cast<double>(v.size());
    auto k = static_cast<std::size_t>(std::ceil(p / 100.0 * n));
    return v[std::clamp<std::size_t>(k, 1, v.size()) - 1];
  };
  s.p50 = rank(50);
  s.p95 = rank(95);
  s.p99 = rank(99);
  s.max = v.back();
  return s;
}

std::string format_summary(const latency_stats::summary& s) {
  if (s.count == 0) return "n=0";
  char buf[160];
  std::snprintf(buf, sizeof buf, "n=%zu p50=%.1f p95=%.1f p99=%.1f max=%.1f ms", s.count, s.p50,
                s.p95, s.p99, s.max);
  return buf;
}

std::string format_report(const sim_report& r) {
  char buf[640];
  std::snprintf(
      buf, sizeof buf,
      "simulate: %.0f s, model x%.1f | events %llu (%.0f/s), published %llu, broker-acked "
      "%llu, repeats %llu, queued %llu, dropped %llu\n"
      "simulate: connections %llu open, %llu logins, %llu failed, %llu refused, %llu "
      "evicted\n",
      r.elapsed_s, r.model_speed, static_cast<unsigned long long>(r.events),
      r.sending_s > 0 ? static_cast<double>(r.events) / r.sending_s : 0.0,
      static_cast<unsigned long long>(r.published), static_cast<unsigned long long>(r.acked),
      static_cast<unsigned long long>(r.repeats), static_cast<unsigned long long>(r.queued),
      static_cast<unsigned long long>(r.dropped), static_cast<unsigned long long>(r.connections),
      static_cast<unsigned long long>(r.connects),
      static_cast<unsigned long long>(r.connect_failures),
      static_cast<unsigned long long>(r.refused), static_cast<unsigned long long>(r.evictions));
  std::string s = buf;
  s += "simulate: sos/fall/alarms " + std::to_string(r.criticals) + ", received " +
       std::to_string(r.received) + " (send->received " + format_summary(r.to_received) +
       "), acknowledged " + std::to_string(r.acknowledged) + " (send->acknowledged " +
       format_summary(r.to_acknowledged) + ")\n";
  return s;
}

std::string base36(std::uint64_t v) {
  const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string s;
  do {
    s.insert(s.begin(), digits[v % 36]);
    v /= 36;
  } while (v > 0);
  return s;
}

std::string event_json(std::string_view id, const sim::model_event& e, std::int64_t time_ms) {
  std::string s;
  s.reserve(96);
  s += "{\"id\":\"";
  s += id;
  s += "\",\"type\":\"";
  s += sim::to_string(e.type);
  s += "\",\"time\":";
  s += std::to_string(time_ms);
  if (e.type == sim::event_type::heart_rate || e.type == sim::event_type::battery) {
    s += ",\"value\":";
    s += std::to_string(e.value);
  }
  if (e.type == sim::event_type::location) {
    char buf[64];
    std::snprintf(buf, sizeof buf, ",\"lat\":%.6f,\"lon\":%.6f", e.lat, e.lon);
    s += buf;
  }
  if (e.battery >= 0) {
    s += ",\"battery\":";
    s += std::to_string(e.battery);
  }
  s += '}';
  return s;
}

// ---------------------------------------------------------------------------------------------
// The simulator

namespace {

using steady = std::chrono::steady_clock;

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(steady::now().time_since_epoch())
      .count();
}
std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr std::uint32_t k_none = 0xFFFFFFFF;
constexpr std::size_t k_queue_max = 64;

enum class conn : std::uint8_t { off, tcp, mqtt, up, refused, fixing };

struct in_flight {
  std::uint16_t pid;
  std::uint32_t critical;  // index into criticals, or k_none
  bool repeat;
  std::string payload;  // to send again after a lost connection (non-critical only)
};

struct device_rt {
  int fd = -1;
  conn st = conn::off;
  bool want_out = false;
  bool connect_wanted = false;
  std::uint16_t next_pid = 1;
  std::uint8_t failures = 0;
  std::uint32_t seq = 0;
  std::int64_t last_send = 0;
  std::int64_t last_use = 0;
  std::string out;
  std::size_t out_off = 0;
  std::string in;
  std::vector<in_flight> inflight;
  std::vector<std::string> queue;         // non-critical events waiting for the connection
  std::vector<std::uint32_t> unreceived;  // critical events waiting for "received"
};

struct critical_rt {
  std::uint32_t device;
  std::string event_id;
  std::string payload;
  sim::event_type type;
  std::int64_t first_send = 0;  // steady ms; 0 = not sent yet
  std::int64_t next_retx = 0;
  int backoff_ms = 0;
  bool received = false;
  bool acked = false;  // counted as broker-acked
  std::int64_t alert_id = 0;
};

using timer = std::pair<std::int64_t, std::uint32_t>;
using timer_heap = std::priority_queue<timer, std::vector<timer>, std::greater<>>;

}  // namespace

struct simulator::impl {
  simulator_options o;
  std::vector<device_rt> devs;
  std::vector<sim::device_model> models;
  timer_heap model_heap;  // (model ms, device)
  timer_heap retx_heap;   // (steady ms, critical)
  timer_heap retry_heap;  // (steady ms, device): connect again
  std::deque<std::uint32_t> connect_queue;
  std::size_t open = 0;        // fds open
  std::size_t connecting = 0;  // tcp or mqtt state
  std::size_t evict_cursor = 0;
  int ep = -1;
  std::string run_id;
  std::int64_t start_steady = 0, start_wall = 0, model_now = 0;
  sockaddr_in addr{};

  std::atomic<bool> stop_flag{false};
  std::atomic<bool> no_new{false};
  std::atomic<std::uint64_t> events{0}, published{0}, acked{0}, repeats{0}, n_criticals{0},
      n_received{0}, n_acknowledged{0}, queued{0}, dropped{0}, n_up{0}, connects{0},
      connect_failures{0}, refused{0}, evictions{0}, inflight_total{0};
  std::atomic<std::int64_t> elapsed_ms{0}, model_elapsed_ms{0}, sending_ms{0};

  // Criticals and latencies, shared with report()/criticals().
  mutable std::mutex mu;
  std::vector<critical_rt> crits;
  std::unordered_map<std::string, std::uint32_t> crit_by_id;
  std::unordered_map<std::int64_t, std::uint32_t> crit_by_alert;
  latency_stats to_received, to_acknowledged;

  // Logins to fix on the helper thread.
  std::mutex fix_mu;
  std::condition_variable fix_cv;
  std::deque<std::uint32_t> to_fix;
  std::vector<std::uint32_t> fixed;
  bool fix_stop = false;

  // -------------------------------------------------------------------------------------------

  std::string topic_up(std::uint32_t i) const { return "eldercare/" + o.devices[i].serial + "/up"; }
  std::string topic_down(std::uint32_t i) const {
    return "eldercare/" + o.devices[i].serial + "/down";
  }

  void want_connect(std::uint32_t i) {
    device_rt& d = devs[i];
    if (d.connect_wanted || d.st != conn::off) return;
    d.connect_wanted = true;
    connect_queue.push_back(i);
  }

  void set_out_interest(std::uint32_t i, bool want) {
    device_rt& d = devs[i];
    if (d.want_out == want || d.fd < 0) return;
    epoll_event ev{};
    ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
    ev.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_MOD, d.fd, &ev);
    d.want_out = want;
  }

  // Writes what is buffered; false when the connection broke.
  bool flush(std::uint32_t i) {
    device_rt& d = devs[i];
    while (d.out_off < d.out.size()) {
      ssize_t n = ::send(d.fd, d.out.data() + d.out_off, d.out.size() - d.out_off, MSG_NOSIGNAL);
      if (n > 0) {
        d.out_off += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        set_out_interest(i, true);
        return true;
      }
      if (n < 0 && errno == EINTR) continue;
      return false;
    }
    d.out.clear();
    d.out_off = 0;
    set_out_interest(i, false);
    return true;
  }

  void close_fd(std::uint32_t i, bool abortive) {
    device_rt& d = devs[i];
    if (d.fd < 0) return;
    if (abortive) {
      linger l{1, 0};  // RST: no TIME_WAIT for connections we close by the thousand
      setsockopt(d.fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
    epoll_ctl(ep, EPOLL_CTL_DEL, d.fd, nullptr);
    ::close(d.fd);
    d.fd = -1;
    d.want_out = false;
    --open;
    if (d.st == conn::tcp || d.st == conn::mqtt) --connecting;
    if (d.st == conn::up) --n_up;
    d.out.clear();
    d.out_off = 0;
    d.in.clear();
  }

  // The connection broke or was refused: keep what was not acknowledged for the next one.
  void lost(std::uint32_t i, std::int64_t now, bool failure) {
    device_rt& d = devs[i];
    close_fd(i, true);
    d.st = conn::off;
    std::vector<std::string> again;
    for (auto& f : d.inflight) {
      --inflight_total;
      if (f.critical == k_none) again.push_back(std::move(f.payload));
    }
    d.inflight.clear();
    if (!again.empty()) {
      again.insert(again.end(), std::make_move_iterator(d.queue.begin()),
                   std::make_move_iterator(d.queue.end()));
      queued += again.size() - d.queue.size();
      d.queue = std::move(again);
    }
    if (failure) {
      ++connect_failures;
      d.failures = static_cast<std::uint8_t>(std::min(d.failures + 1, 8));
    }
    if (!d.queue.empty() || !d.unreceived.empty()) {
      std::int64_t delay = failure ? std::min<std::int64_t>(30000, 250LL << d.failures) : 0;
      retry_heap.emplace(now + delay, i);
    }
  }

  void publish(std::uint32_t i, std::string payload, std::uint32_t critical, bool repeat,
               std::int64_t now) {
    device_rt& d = devs[i];
    std::uint16_t pid = d.next_pid++;
    if (d.next_pid == 0) d.next_pid = 1;
    wire::put_publish(d.out, topic_up(i), payload, 1, pid);
    d.inflight.push_back({pid, critical, repeat, critical == k_none ? std::move(payload) : ""});
    ++inflight_total;
    ++published;
    if (repeat) ++repeats;
    d.last_send = now;
    d.last_use = now;
  }

  // Sends a critical event (first time or again) on its device's connection, which is up,
  // and arms its next repeat.
  void send_critical(std::uint32_t c, std::int64_t now) {
    std::uint32_t i;
    std::string payload;
    bool repeat;
    std::int64_t next;
    {
      std::lock_guard lk(mu);
      critical_rt& cr = crits[c];
      if (cr.received) return;
      i = cr.device;
      repeat = cr.first_send != 0;
      if (!repeat) cr.first_send = now;
      cr.backoff_ms =
          repeat ? std::min(cr.backoff_ms * 2, o.retransmit_max_ms) : o.retransmit_first_ms;
      cr.next_retx = next = now + cr.backoff_ms;
      payload = cr.payload;
    }
    retx_heap.emplace(next, c);
    publish(i, std::move(payload), c, repeat, now);
  }

  void on_up(std::uint32_t i, std::int64_t now) {
    device_rt& d = devs[i];
    if (d.st == conn::tcp || d.st == conn::mqtt) --connecting;
    d.st = conn::up;
    d.failures = 0;
    ++n_up;
    ++connects;
    d.last_use = now;
    for (auto& p : d.queue) publish(i, std::move(p), k_none, false, now);
    queued -= d.queue.size();
    d.queue.clear();
    for (std::uint32_t c : std::vector<std::uint32_t>(d.unreceived)) {
      bool sent;
      {
        std::lock_guard lk(mu);
        sent = crits[c].first_send != 0;
      }
      // A critical event not sent yet goes now; one sent before is repeated by its timer.
      if (!sent) send_critical(c, now);
    }
  }

  void on_downlink(std::uint32_t i, std::string_view payload, std::int64_t now) {
    boost::system::error_code ec;
    auto v = boost::json::parse(payload, ec);
    if (ec || !v.is_object()) return;
    auto& obj = v.as_object();
    auto* type = obj.if_contains("type");
    if (!type || !type->is_string()) return;
    auto* alert = obj.if_contains("alert_id");
    std::int64_t alert_id = alert && alert->is_int64() ? alert->as_int64() : 0;
    std::lock_guard lk(mu);
    if (type->as_string() == "received") {
      auto* id = obj.if_contains("event_id");
      if (!id || !id->is_string()) return;
      auto it = crit_by_id.find(std::string(id->as_string()));
      if (it == crit_by_id.end()) return;
      critical_rt& cr = crits[it->second];
      if (cr.device != i || cr.received) return;
      cr.received = true;
      cr.alert_id = alert_id;
      to_received.add(static_cast<double>(now - cr.first_send));
      ++n_received;
      auto& u = devs[i].unreceived;
      u.erase(std::remove(u.begin(), u.end(), it->second), u.end());
      if (alert_id != 0) crit_by_alert.emplace(alert_id, it->second);
    } else if (type->as_string() == "acknowledged") {
      auto it = crit_by_alert.find(alert_id);
      if (it == crit_by_alert.end()) return;
      critical_rt& cr = crits[it->second];
      if (cr.device != i) return;
      to_acknowledged.add(static_cast<double>(now - cr.first_send));
      ++n_acknowledged;
      crit_by_alert.erase(it);
    }
  }

  void on_packet(std::uint32_t i, const wire::packet& p, std::int64_t now) {
    device_rt& d = devs[i];
    switch (p.type) {
      case wire::packet_type::connack:
        if (p.return_code == 0) {
          on_up(i, now);
        } else if (p.return_code == 4 || p.return_code == 5) {
          ++refused;
          close_fd(i, true);
          d.st = conn::refused;
          spdlog::debug("simulate: {} login refused ({})", o.devices[i].serial, p.return_code);
          if (o.fix_login) {
            d.st = conn::fixing;
            std::lock_guard lk(fix_mu);
            to_fix.push_back(i);
            fix_cv.notify_one();
          } else {
            dropped += d.queue.size();
            queued -= d.queue.size();
            d.queue.clear();
          }
        } else {
          lost(i, now, true);
        }
        break;
      case wire::packet_type::puback: {
        auto it = std::find_if(d.inflight.begin(), d.inflight.end(),
                               [&](const in_flight& f) { return f.pid == p.packet_id; });
        if (it == d.inflight.end()) break;
        if (it->critical == k_none) {
          ++acked;
        } else {
          std::lock_guard lk(mu);
          if (!crits[it->critical].acked) {
            crits[it->critical].acked = true;
            ++acked;
          }
        }
        d.inflight.erase(it);
        --inflight_total;
        break;
      }
      case wire::packet_type::publish:
        if (p.qos == 1) wire::put_puback(d.out, p.packet_id);
        on_downlink(i, p.payload, now);
        break;
      default:
        break;  // SUBACK, PINGRESP
    }
  }

  void on_readable(std::uint32_t i, std::int64_t now) {
    device_rt& d = devs[i];
    char buf[16384];
    while (true) {
      ssize_t n = ::recv(d.fd, buf, sizeof buf, 0);
      if (n > 0) {
        d.in.append(buf, static_cast<std::size_t>(n));
        if (static_cast<std::size_t>(n) < sizeof buf) break;
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n < 0 && errno == EINTR) continue;
      lost(i, now, d.st != conn::up);
      return;
    }
    std::size_t off = 0;
    while (d.fd >= 0) {
      auto r = wire::decode(std::string_view(d.in).substr(off));
      if (r.status == wire::decode_status::need_more) break;
      if (r.status == wire::decode_status::malformed) {
        spdlog::warn("simulate: {}: malformed packet from the broker", o.devices[i].serial);
        lost(i, now, true);
        return;
      }
      on_packet(i, r.p, now);
      off += r.size;
    }
    if (d.fd < 0) return;
    d.in.erase(0, off);
    if (!d.out.empty() && !flush(i)) lost(i, now, false);
  }

  void on_writable(std::uint32_t i, std::int64_t now) {
    device_rt& d = devs[i];
    if (d.st == conn::tcp) {
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(d.fd, SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) {
        lost(i, now, true);
        return;
      }
      d.st = conn::mqtt;
      const auto& dev = o.devices[i];
      wire::put_connect(d.out, dev.serial, dev.serial, dev.secret, true, o.keepalive_s);
      wire::put_subscribe(d.out, 1, topic_down(i), 1);
      d.last_send = now;
    }
    if (!flush(i)) lost(i, now, d.st != conn::up);
  }

  bool start_connect(std::uint32_t i, std::int64_t now) {
    device_rt& d = devs[i];
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      spdlog::warn("simulate: socket: {}", std::strerror(errno));
      retry_heap.emplace(now + 1000, i);
      return false;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    if (rc < 0 && errno != EINPROGRESS) {
      ::close(fd);
      ++connect_failures;
      d.failures = static_cast<std::uint8_t>(std::min(d.failures + 1, 8));
      retry_heap.emplace(now + std::min<std::int64_t>(30000, 250LL << d.failures), i);
      return false;
    }
    d.fd = fd;
    d.st = conn::tcp;
    ++open;
    ++connecting;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    d.want_out = true;
    return true;
  }

  // Closes one idle connection; false when none is idle.
  bool evict(std::int64_t now) {
    std::size_t n = devs.size();
    for (std::size_t step = 0; step < std::min<std::size_t>(n, 2048); ++step) {
      std::size_t i = evict_cursor++ % n;
      device_rt& d = devs[i];
      if (d.st == conn::up && d.inflight.empty() && d.unreceived.empty() && d.queue.empty() &&
          now - d.last_use > 1000) {
        wire::put_disconnect(d.out);
        flush(static_cast<std::uint32_t>(i));
        close_fd(static_cast<std::uint32_t>(i), true);
        d.st = conn::off;
        ++evictions;
        return true;
      }
    }
    return false;
  }

  void emit(std::uint32_t i, std::int64_t now, std::int64_t wall) {
    device_rt& d = devs[i];
    sim::model_event e = sim::next_event(models[i], o.model);
    model_heap.emplace(sim::next_time(models[i]), i);
    model_now = std::max(model_now, e.at_ms);
    std::string id = run_id + "-" + base36(i) + "-" + base36(d.seq++);
    std::string payload = event_json(id, e, wall);
    ++events;
    if (sim::is_critical(e.type)) {
      std::uint32_t c;
      {
        std::lock_guard lk(mu);
        c = static_cast<std::uint32_t>(crits.size());
        crits.push_back({i, id, std::move(payload), e.type, 0, 0, 0, false, false, 0});
        crit_by_id.emplace(id, c);
      }
      ++n_criticals;
      d.unreceived.push_back(c);
      if (d.st == conn::up) {
        send_critical(c, now);
        if (!flush(i)) lost(i, now, false);
      } else {
        want_connect(i);
      }
      return;
    }
    if (d.st == conn::refused) {
      ++dropped;
      return;
    }
    if (d.st == conn::up) {
      publish(i, std::move(payload), k_none, false, now);
      if (!flush(i)) lost(i, now, false);
      return;
    }
    if (d.queue.size() >= k_queue_max) {
      ++dropped;
      return;
    }
    d.queue.push_back(std::move(payload));
    ++queued;
    want_connect(i);
  }

  void fix_loop() {
    while (true) {
      std::uint32_t i;
      {
        std::unique_lock lk(fix_mu);
        fix_cv.wait(lk, [&] { return fix_stop || !to_fix.empty(); });
        if (fix_stop) return;
        i = to_fix.front();
        to_fix.pop_front();
      }
      auto st = o.fix_login(o.devices[i]);
      if (!st) {
        spdlog::warn("simulate: cannot restore the broker login of {}: {}", o.devices[i].serial,
                     st.err().message);
        continue;  // stays refused
      }
      std::lock_guard lk(fix_mu);
      fixed.push_back(i);
    }
  }

  sim_report snapshot() const {
    sim_report r;
    r.elapsed_s = static_cast<double>(elapsed_ms.load()) / 1000.0;
    r.sending_s = static_cast<double>(sending_ms.load()) / 1000.0;
    r.model_speed =
        r.sending_s > 0 ? static_cast<double>(model_elapsed_ms.load()) / 1000.0 / r.sending_s : 0;
    r.events = events;
    r.published = published;
    r.acked = acked;
    r.repeats = repeats;
    r.criticals = n_criticals;
    r.received = n_received;
    r.acknowledged = n_acknowledged;
    r.queued = queued;
    r.dropped = dropped;
    r.connections = n_up;
    r.connects = connects;
    r.connect_failures = connect_failures;
    r.refused = refused;
    r.evictions = evictions;
    std::lock_guard lk(mu);
    r.to_received = to_received.summarize();
    r.to_acknowledged = to_acknowledged.summarize();
    return r;
  }

  status run();
};

status simulator::impl::run() {
  if (o.devices.empty()) {
    return error::invalid("simulate.no_devices", "devices", "no devices to simulate");
  }
  if (o.rate < 0 || o.time_scale <= 0 || o.duration_s < 0) {
    return error::invalid("simulate.options", "rate",
                          "rate must be >= 0, time scale > 0 and duration >= 0");
  }
  if (inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr) != 1) {
    return error::invalid("simulate.host", "mqtt_url",
                          "the simulator connects to an IPv4 address, got '" + o.host + "'");
  }
  addr.sin_family = AF_INET;
  addr.sin_port = htons(o.port);
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
    getrlimit(RLIMIT_NOFILE, &lim);
  }
  std::size_t fd_cap = lim.rlim_cur > 128 ? static_cast<std::size_t>(lim.rlim_cur) - 96 : 32;
  std::size_t cap = o.max_connections == 0 ? fd_cap : std::min(o.max_connections, fd_cap);
  cap = std::min(cap, o.devices.size());
  ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) return error::make(errc::internal, "simulate.epoll", std::strerror(errno));

  devs.resize(o.devices.size());
  start_steady = steady_ms();
  start_wall = wall_ms();
  run_id = base36(static_cast<std::uint64_t>(start_wall)) + base36(o.seed % 1296);
  // Devices that fit stay connected from the start (in a fixed order). The day begins once
  // they are connected (or after 30 s), so a run's first seconds are not a login storm.
  for (std::uint32_t i = 0; i < cap; ++i) want_connect(i);
  bool playing = false;
  const std::int64_t connect_deadline = start_steady + 30000;
  auto begin_play = [&](std::int64_t now) {
    playing = true;
    start_steady = now;
    start_wall = wall_ms();
    model_now = start_wall;
    models.reserve(o.devices.size());
    for (std::uint32_t i = 0; i < o.devices.size(); ++i) {
      const auto& dev = o.devices[i];
      models.push_back(sim::make_model(dev.type, sim::device_seed(o.seed, dev.serial), start_wall,
                                       dev.heartbeat_s, o.model));
      model_heap.emplace(sim::next_time(models[i]), i);
    }
    spdlog::info("simulate: {} connections up; playing", n_up.load());
  };
  spdlog::info(
      "simulate: {} devices, up to {} connections, {}", o.devices.size(), cap,
      o.rate > 0 ? fmt::format("{} events/s", o.rate) : fmt::format("time scale {}", o.time_scale));

  std::thread helper;
  if (o.fix_login) helper = std::thread([this] { fix_loop(); });

  double tokens = 0;
  std::int64_t last = start_steady;
  std::int64_t next_report = start_steady + static_cast<std::int64_t>(o.report_interval_s * 1000);
  std::int64_t next_sweep = start_steady + 1000;
  std::int64_t drain_until = 0;
  std::vector<epoll_event> evs(1024);

  while (!stop_flag.load()) {
    std::int64_t now = steady_ms();
    std::int64_t wall = wall_ms();
    if (!playing && (n_up >= cap || now >= connect_deadline ||
                     (connect_queue.empty() && connecting == 0 && retry_heap.empty()))) {
      begin_play(now);
      last = now;
      next_report = now + static_cast<std::int64_t>(o.report_interval_s * 1000);
    }
    elapsed_ms = playing ? now - start_steady : 0;
    if (playing && o.duration_s > 0 && drain_until == 0 &&
        now - start_steady >= static_cast<std::int64_t>(o.duration_s * 1000)) {
      no_new = true;
      drain_until = now + static_cast<std::int64_t>(o.drain_s * 1000);
    }
    if (drain_until != 0 &&
        (now >= drain_until || (n_received == n_criticals && inflight_total == 0 && queued == 0))) {
      break;
    }

    // New events.
    if (playing && !no_new.load()) {
      sending_ms = now - start_steady;
      if (o.rate > 0) {
        tokens = std::min(tokens + o.rate * static_cast<double>(now - last) / 1000.0,
                          std::max(1.0, o.rate * 0.2));
        while (tokens >= 1 && !model_heap.empty()) {
          auto [t, i] = model_heap.top();
          model_heap.pop();
          emit(i, now, wall);
          tokens -= 1;
        }
      } else {
        model_now = start_wall + static_cast<std::int64_t>(static_cast<double>(now - start_steady) *
                                                           o.time_scale);
        for (int n = 0; n < 20000 && !model_heap.empty() && model_heap.top().first <= model_now;
             ++n) {
          auto [t, i] = model_heap.top();
          model_heap.pop();
          emit(i, now, wall);
        }
      }
      model_elapsed_ms = model_now - start_wall;
    }
    last = now;

    // Repeats of critical events not yet received.
    while (!retx_heap.empty() && retx_heap.top().first <= now) {
      auto [t, c] = retx_heap.top();
      retx_heap.pop();
      std::uint32_t i;
      bool received;
      std::int64_t due;
      {
        std::lock_guard lk(mu);
        i = crits[c].device;
        received = crits[c].received;
        due = crits[c].next_retx;
      }
      if (received || due > t) continue;  // answered, or a newer timer exists
      if (devs[i].st == conn::up) {
        send_critical(c, now);
        if (!flush(i)) lost(i, now, false);
      } else {
        std::int64_t next;
        {
          std::lock_guard lk(mu);
          next = crits[c].next_retx = now + std::max(crits[c].backoff_ms, o.retransmit_first_ms);
        }
        retx_heap.emplace(next, c);
        want_connect(i);
      }
    }

    // Logins restored by the helper.
    {
      std::lock_guard lk(fix_mu);
      for (std::uint32_t i : fixed) {
        devs[i].st = conn::off;
        want_connect(i);
      }
      fixed.clear();
    }
    while (!retry_heap.empty() && retry_heap.top().first <= now) {
      auto i = retry_heap.top().second;
      retry_heap.pop();
      if (!devs[i].queue.empty() || !devs[i].unreceived.empty()) want_connect(i);
    }

    // Connections.
    while (!connect_queue.empty() && connecting < o.max_connecting) {
      std::uint32_t i = connect_queue.front();
      device_rt& d = devs[i];
      if (d.st != conn::off) {
        d.connect_wanted = false;
        connect_queue.pop_front();
        continue;
      }
      if (open >= cap && !evict(now)) break;
      connect_queue.pop_front();
      d.connect_wanted = false;
      start_connect(i, now);
    }

    // Keep-alive.
    if (now >= next_sweep) {
      next_sweep = now + 1000;
      std::int64_t idle = static_cast<std::int64_t>(o.keepalive_s) * 500;
      for (std::uint32_t i = 0; i < devs.size(); ++i) {
        device_rt& d = devs[i];
        if (d.st == conn::up && now - d.last_send > idle) {
          wire::put_pingreq(d.out);
          d.last_send = now;
          if (!flush(i)) lost(i, now, false);
        }
      }
    }

    if (now >= next_report && o.on_report) {
      next_report = now + static_cast<std::int64_t>(o.report_interval_s * 1000);
      o.on_report(snapshot(), false);
    }

    int timeout = o.rate > 0 || !connect_queue.empty() ? 1 : 20;
    int n = epoll_wait(ep, evs.data(), static_cast<int>(evs.size()), timeout);
    now = steady_ms();
    for (int k = 0; k < n; ++k) {
      auto i = static_cast<std::uint32_t>(evs[k].data.u64);
      if (devs[i].fd < 0) continue;
      if (evs[k].events & EPOLLOUT) on_writable(i, now);
      if (devs[i].fd < 0) continue;
      if (evs[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(i, now);
    }
  }

  elapsed_ms = steady_ms() - start_steady;
  for (std::uint32_t i = 0; i < devs.size(); ++i) {
    device_rt& d = devs[i];
    if (d.fd >= 0) {
      if (d.st == conn::up) {
        wire::put_disconnect(d.out);
        flush(i);
      }
      close_fd(i, false);
    }
  }
  ::close(ep);
  ep = -1;
  if (helper.joinable()) {
    {
      std::lock_guard lk(fix_mu);
      fix_stop = true;
    }
    fix_cv.notify_all();
    helper.join();
  }
  if (o.on_report) o.on_report(snapshot(), true);
  return {};
}

simulator::simulator(simulator_options o) : impl_(std::make_unique<impl>()) {
  impl_->o = std::move(o);
}
simulator::~simulator() = default;

status simulator::run() {
  return impl_->run();
}
void simulator::stop() {
  impl_->stop_flag = true;
}
void simulator::stop_new_events() {
  impl_->no_new = true;
}
std::size_t simulator::unreceived() const {
  return impl_->n_criticals.load() - impl_->n_received.load();
}
std::vector<critical_record> simulator::criticals() const {
  std::lock_guard lk(impl_->mu);
  std::vector<critical_record> out;
  out.reserve(impl_->crits.size());
  for (const auto& c : impl_->crits) {
    out.push_back({impl_->o.devices[c.device].serial, c.event_id,
                   std::string(sim::to_string(c.type)), c.received, c.alert_id});
  }
  return out;
}
sim_report simulator::report() const {
  return impl_->snapshot();
}

}  // namespace ec::ingest
