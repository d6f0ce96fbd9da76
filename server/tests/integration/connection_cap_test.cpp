// Concurrent connections per client address (issue 9, defect 7; server.max_connections_per_ip):
// beyond the cap a new connection's request gets 429 request.too_many_connections as JSON,
// the connections already open keep working, and a closed one frees its place.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "support/harness.hpp"

namespace {

int open_connection(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  return fd;
}

// One keep-alive request on an open connection; the status, 0 if none came.
int request_on(int fd) {
  const std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size()))
    return 0;
  std::string in;
  char buf[4096];
  for (int i = 0; i < 50 && in.find("\r\n\r\n") == std::string::npos; ++i) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<std::size_t>(n));
  }
  return in.size() > 12 ? std::atoi(in.substr(9, 3).c_str()) : 0;
}

std::string get_healthz() {
  return "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
}

TEST(ConnectionCap, NewConnectionsBeyondThePerAddressCapAreRefused) {
  it::server srv(5, {{"ELDERCARE_MAX_CONNECTIONS_PER_IP", "3"}});
  std::vector<int> open;
  for (int i = 0; i < 3; ++i) open.push_back(open_connection(srv.port()));
  // The three are served (and stay open: keep-alive).
  for (int fd : open) EXPECT_EQ(request_on(fd), 200);

  auto refused = it::send_raw(srv.port(), get_healthz());
  EXPECT_EQ(refused.status, 429) << refused.body;
  auto v = refused.json();
  ASSERT_TRUE(v.is_object()) << refused.body;
  EXPECT_EQ(v.at("error").at("code"), "request.too_many_connections");
  EXPECT_EQ(refused.headers["connection"], "close");

  // Those already open still work; closing one frees its place.
  EXPECT_EQ(request_on(open[0]), 200);
  ::close(open.back());
  open.pop_back();
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    status = it::send_raw(srv.port(), get_healthz()).status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(status, 200);
  for (int fd : open) ::close(fd);
  EXPECT_TRUE(srv.running());
}

TEST(ConnectionCap, ZeroMeansNoCap) {
  it::server srv(5, {{"ELDERCARE_MAX_CONNECTIONS_PER_IP", "0"}});
  std::vector<int> open;
  for (int i = 0; i < 150; ++i) open.push_back(open_connection(srv.port()));
  EXPECT_EQ(it::send_raw(srv.port(), get_healthz()).status, 200);
  EXPECT_EQ(request_on(open.back()), 200);
  for (int fd : open) ::close(fd);
}

}  // namespace
