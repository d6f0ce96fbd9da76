#include "core/result.hpp"

#include <gtest/gtest.h>

namespace {

ec::result<int> half(int x) {
  if (x % 2) return ec::error::invalid("number.odd", "x", "x must be even");
  return x / 2;
}

ec::result<int> quarter(int x) {
  auto h = half(x);
  EC_TRY(h);
  return half(*h);
}

TEST(Result, CarriesValueOrError) {
  EXPECT_EQ(*half(8), 4);
  auto r = half(3);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().kind, ec::errc::invalid);
  EXPECT_EQ(r.err().field, "x");
}

TEST(Result, TryPropagates) {
  EXPECT_EQ(*quarter(8), 2);
  EXPECT_EQ(quarter(6).err().code, "number.odd");
}

}  // namespace
