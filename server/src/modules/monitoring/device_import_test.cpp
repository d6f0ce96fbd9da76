#include "modules/monitoring/device_import.hpp"

#include <gtest/gtest.h>

#include "modules/monitoring/devices.hpp"

namespace {

using ec::monitoring::device_type_label;
using ec::monitoring::device_type_of;
using ec::monitoring::import_column_of;

TEST(DeviceImport, TypesByCodeChineseOrEnglishName) {
  EXPECT_EQ(device_type_of("sos_pendant"), "sos_pendant");
  EXPECT_EQ(device_type_of(" SOS_PENDANT "), "sos_pendant");
  EXPECT_EQ(device_type_of("SOS呼叫器"), "sos_pendant");
  EXPECT_EQ(device_type_of("sos呼叫器"), "sos_pendant");
  EXPECT_EQ(device_type_of("紧急呼叫按钮"), "sos_pendant");
  EXPECT_EQ(device_type_of("门磁"), "door_sensor");
  EXPECT_EQ(device_type_of("睡眠监测带/床垫"), "bed_sensor");
  EXPECT_EQ(device_type_of("烟雾报警器"), "smoke");
  EXPECT_EQ(device_type_of("Water-leak sensor"), "water_leak");
  EXPECT_EQ(device_type_of("GPS watch"), "gps_watch");
  EXPECT_FALSE(device_type_of(""));
  EXPECT_FALSE(device_type_of("toaster"));
  EXPECT_FALSE(device_type_of("门"));
  // Every type has a Chinese label that reads back to it.
  for (auto code : ec::monitoring::k_device_types) {
    auto label = device_type_label(code);
    EXPECT_NE(label, code);
    EXPECT_EQ(device_type_of(label), std::string(code));
  }
}

TEST(DeviceImport, HeadersInChineseOrEnglish) {
  EXPECT_EQ(import_column_of("序列号"), "serial");
  EXPECT_EQ(import_column_of("*序列号"), "serial");
  EXPECT_EQ(import_column_of(" 设备 序列号 "), "serial");
  EXPECT_EQ(import_column_of("Serial"), "serial");
  EXPECT_EQ(import_column_of("SN"), "serial");
  EXPECT_EQ(import_column_of("类型"), "type");
  EXPECT_EQ(import_column_of("Device type"), "type");
  EXPECT_EQ(import_column_of("老人身份证号"), "elder_id_number");
  EXPECT_EQ(import_column_of("elder ID number"), "elder_id_number");
  EXPECT_EQ(import_column_of("安装位置"), "location");
  EXPECT_EQ(import_column_of("备注"), "notes");
  EXPECT_FALSE(import_column_of("心跳间隔"));
  EXPECT_FALSE(import_column_of(""));
}

}  // namespace
