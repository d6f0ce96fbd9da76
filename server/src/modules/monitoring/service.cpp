#include "modules/monitoring/service.hpp"

namespace ec::monitoring {

struct service::impl {
  db::database& db;
  const config& cfg;
  live_feed* feed;
  http_poster* poster;
};

service::service(db::database& db, const config& cfg, live_feed* feed, http_poster* poster)
    : impl_(std::make_unique<impl>(impl{db, cfg, feed, poster})) {}
service::~service() {
  stop();
}
status service::start() {
  return {};
}
void service::stop() {}

result<ingest_report> service::ingest_http(std::string_view, std::string_view, std::string_view) {
  return error::make(errc::unavailable, "monitoring.unavailable", "not yet implemented");
}
result<std::int64_t> service::acknowledge(std::int64_t, const sys::principal&, std::string_view,
                                          std::optional<std::int64_t>, std::string_view) {
  return error::make(errc::unavailable, "monitoring.unavailable", "not yet implemented");
}
result<std::int64_t> service::resolve(std::int64_t, const sys::principal&, std::string_view,
                                      std::string_view, std::optional<std::int64_t>,
                                      std::string_view) {
  return error::make(errc::unavailable, "monitoring.unavailable", "not yet implemented");
}
status service::provision_device(std::string_view, std::string_view) {
  return {};
}
status service::revoke_device(std::string_view) {
  return {};
}
void service::device_changed(std::int64_t) {}
void service::settings_changed() {}
void service::render_metrics(std::string&) const {}

}  // namespace ec::monitoring
