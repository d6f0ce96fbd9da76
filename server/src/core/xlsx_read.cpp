// .xlsx reader: minizip over an in-memory buffer, expat for the XML parts. See xlsx.hpp for
// what each cell becomes and the limits that keep hostile files harmless.
#include <expat.h>
#include <fmt/format.h>
#include <unzip.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

#include "core/sheet.hpp"
#include "core/xlsx.hpp"

namespace ec::xlsx {
namespace {

using table = std::vector<std::vector<std::string>>;

ec::error malformed(std::string message) {
  return ec::error::invalid("import.xlsx_malformed", "file", std::move(message));
}

ec::error too_large(std::string message) {
  return {ec::errc::too_large, "import.too_large", std::move(message), "file", {}, 0};
}

// ---------------------------------------------------------------------------------------
// Zip in memory. minizip reads through these callbacks instead of stdio; a read or seek past
// the end fails like a short file, so a truncated upload is a clean error.

struct mem_file {
  std::string_view data;
  std::uint64_t pos = 0;
  // Sticky, like ferror(): minizip asks the error callback after a short read of a header
  // field. (Debian's minizip 1.1 does not ask when reading the end record, hence also
  // complete_end_record() below.)
  bool short_read = false;
};

voidpf ZCALLBACK mem_open(voidpf opaque, const void* /*name*/, int mode) {
  if ((mode & ZLIB_FILEFUNC_MODE_WRITE) != 0) return nullptr;
  auto* f = static_cast<mem_file*>(opaque);
  f->pos = 0;
  return f;
}

uLong ZCALLBACK mem_read(voidpf /*opaque*/, voidpf stream, void* buf, uLong size) {
  auto* f = static_cast<mem_file*>(stream);
  const std::uint64_t left = f->data.size() - f->pos;
  const std::uint64_t n = size < left ? size : left;
  std::memcpy(buf, f->data.data() + f->pos, static_cast<std::size_t>(n));
  f->pos += n;
  if (n < size) f->short_read = true;
  return static_cast<uLong>(n);
}

uLong ZCALLBACK mem_write(voidpf, voidpf, const void*, uLong) {
  return 0;
}

ZPOS64_T ZCALLBACK mem_tell(voidpf /*opaque*/, voidpf stream) {
  return static_cast<mem_file*>(stream)->pos;
}

long ZCALLBACK mem_seek(voidpf /*opaque*/, voidpf stream, ZPOS64_T offset, int origin) {
  auto* f = static_cast<mem_file*>(stream);
  std::uint64_t base = 0;
  if (origin == ZLIB_FILEFUNC_SEEK_CUR) {
    base = f->pos;
  } else if (origin == ZLIB_FILEFUNC_SEEK_END) {
    base = f->data.size();
  } else if (origin != ZLIB_FILEFUNC_SEEK_SET) {
    return -1;
  }
  if (offset > f->data.size() - base) return -1;
  f->pos = base + offset;
  return 0;
}

int ZCALLBACK mem_close(voidpf, voidpf) {
  return 0;
}
int ZCALLBACK mem_error(voidpf, voidpf) {
  return 0;
}

// minizip accepts a file whose last bytes (the end-of-central-directory record) are cut off,
// reading the missing bytes as zeros. A truncated upload must be an error, so check that the
// last end record is complete before minizip sees the file.
bool complete_end_record(std::string_view z) {
  constexpr std::size_t k_record = 22;  // without the trailing comment
  if (z.size() < k_record) return false;
  const std::size_t lowest = z.size() > k_record + 0xFFFF ? z.size() - k_record - 0xFFFF : 0;
  for (std::size_t pos = z.size() - 4;; --pos) {
    if (z.compare(pos, 4, "PK\x05\x06") == 0) {
      if (pos + k_record > z.size()) return false;
      const std::size_t comment = static_cast<unsigned char>(z[pos + 20]) |
                                  static_cast<std::size_t>(static_cast<unsigned char>(z[pos + 21]))
                                      << 8U;
      return pos + k_record + comment <= z.size();
    }
    if (pos == lowest) return false;
  }
}

class zip_reader {
 public:
  explicit zip_reader(std::string_view bytes) : file_{bytes, 0, false} {
    zlib_filefunc64_def funcs{};
    funcs.zopen64_file = mem_open;
    funcs.zread_file = mem_read;
    funcs.zwrite_file = mem_write;
    funcs.ztell64_file = mem_tell;
    funcs.zseek64_file = mem_seek;
    funcs.zclose_file = mem_close;
    funcs.zerror_file = mem_error;
    funcs.opaque = &file_;
    zip_ = unzOpen2_64("memory", &funcs);
  }
  ~zip_reader() {
    if (zip_ != nullptr) unzClose(zip_);
  }
  zip_reader(const zip_reader&) = delete;
  zip_reader& operator=(const zip_reader&) = delete;

  bool is_open() const { return zip_ != nullptr; }

  // The entry's bytes, nullopt if there is no such entry. Every entry read counts against
  // one uncompressed budget, checked against the declared size first and the real one while
  // inflating (the declared size of a zip bomb lies).
  ec::result<std::optional<std::string>> read(const std::string& name) {
    if (unzLocateFile(zip_, name.c_str(), 2 /* case-insensitive */) != UNZ_OK) {
      return std::optional<std::string>{};
    }
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
      return malformed("the zip directory entry of " + name + " is damaged");
    }
    if ((info.flag & 1U) != 0) return malformed("the workbook is password-protected");
    if (info.uncompressed_size > budget_) return budget_error();
    if (unzOpenCurrentFile(zip_) != UNZ_OK) return malformed("cannot open " + name);

    std::string out;
    out.reserve(static_cast<std::size_t>(info.uncompressed_size));
    char buf[64 * 1024];
    for (;;) {
      const int n = unzReadCurrentFile(zip_, buf, sizeof buf);
      if (n < 0) {
        unzCloseCurrentFile(zip_);
        return malformed("the zip entry " + name + " is corrupt or truncated");
      }
      if (n == 0) break;
      out.append(buf, static_cast<std::size_t>(n));
      if (out.size() > budget_) {
        unzCloseCurrentFile(zip_);
        return budget_error();
      }
    }
    if (unzCloseCurrentFile(zip_) != UNZ_OK) {
      return malformed("the zip entry " + name + " fails its checksum");
    }
    budget_ -= out.size();
    return std::optional<std::string>{std::move(out)};
  }

 private:
  static ec::error budget_error() {
    return too_large(
        fmt::format("the workbook unpacks to more than {} MiB", k_max_uncompressed >> 20U));
  }

  mem_file file_;
  unzFile zip_ = nullptr;
  std::size_t budget_ = k_max_uncompressed;
};

// ---------------------------------------------------------------------------------------
// XML. Element and attribute names are compared without their namespace prefix: files from
// Excel say <sheetData>, files from the .NET SDK say <x:sheetData>.

std::string_view local_name(const XML_Char* name) {
  std::string_view n(name);
  const auto colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

std::optional<std::string_view> attr(const XML_Char** attrs, std::string_view name) {
  for (std::size_t i = 0; attrs[i] != nullptr; i += 2) {
    if (local_name(attrs[i]) == name) return std::string_view(attrs[i + 1]);
  }
  return std::nullopt;
}

class xml_handler {
 public:
  virtual ~xml_handler() = default;
  virtual void on_start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void on_end(std::string_view name) = 0;
  virtual void on_text(std::string_view /*text*/) {}
  // A handler that finds a problem stores it here; the parse stops at once.
  std::optional<ec::error> failure;
};

struct xml_context {
  XML_Parser parser;
  xml_handler* handler;
  bool doctype = false;
};

void XMLCALL xml_start(void* user, const XML_Char* name, const XML_Char** attrs) {
  auto* ctx = static_cast<xml_context*>(user);
  ctx->handler->on_start(local_name(name), attrs);
  if (ctx->handler->failure) XML_StopParser(ctx->parser, XML_FALSE);
}

void XMLCALL xml_end(void* user, const XML_Char* name) {
  auto* ctx = static_cast<xml_context*>(user);
  ctx->handler->on_end(local_name(name));
  if (ctx->handler->failure) XML_StopParser(ctx->parser, XML_FALSE);
}

void XMLCALL xml_text(void* user, const XML_Char* s, int len) {
  auto* ctx = static_cast<xml_context*>(user);
  ctx->handler->on_text(std::string_view(s, static_cast<std::size_t>(len)));
}

// OOXML parts never carry a DTD; refusing one shuts out entity-expansion attacks entirely.
void XMLCALL xml_doctype(void* user, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* ctx = static_cast<xml_context*>(user);
  ctx->doctype = true;
  XML_StopParser(ctx->parser, XML_FALSE);
}

struct parser_free {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};

ec::status parse_xml(std::string_view doc, const std::string& part, xml_handler& h) {
  const std::unique_ptr<std::remove_pointer_t<XML_Parser>, parser_free> p(
      XML_ParserCreate(nullptr));
  if (!p) return ec::error::make(ec::errc::internal, "internal", "out of memory for XML");
  xml_context ctx{p.get(), &h};
  XML_SetUserData(p.get(), &ctx);
  XML_SetElementHandler(p.get(), xml_start, xml_end);
  XML_SetCharacterDataHandler(p.get(), xml_text);
  XML_SetStartDoctypeDeclHandler(p.get(), xml_doctype);

  constexpr std::size_t chunk = 1U << 20U;
  do {
    const std::size_t n = doc.size() < chunk ? doc.size() : chunk;
    const bool last = n == doc.size();
    if (XML_Parse(p.get(), doc.data(), static_cast<int>(n), last ? XML_TRUE : XML_FALSE) !=
        XML_STATUS_OK) {
      if (h.failure) return std::move(*h.failure);
      if (ctx.doctype) return malformed(part + " contains a DTD, which workbooks never do");
      return malformed(fmt::format("{} is not valid XML: {} at line {}", part,
                                   XML_ErrorString(XML_GetErrorCode(p.get())),
                                   XML_GetCurrentLineNumber(p.get())));
    }
    doc.remove_prefix(n);
  } while (!doc.empty());
  if (h.failure) return std::move(*h.failure);
  return {};
}

// ---------------------------------------------------------------------------------------
// Package structure: _rels/.rels -> workbook -> its rels -> first worksheet, shared strings
// and styles. Targets are relative to the part's folder unless they start with '/'.

struct relationship {
  std::string id, type, target;
};

// Small structural lists are capped well above anything Excel writes, so that a part stuffed
// with millions of tiny elements cannot turn 64 MiB of XML into gigabytes of objects.
constexpr std::size_t k_max_list = 100'000;

class rels_handler : public xml_handler {
 public:
  std::vector<relationship> rels;
  void on_start(std::string_view name, const XML_Char** a) override {
    if (name != "Relationship" || rels.size() >= k_max_list) return;
    if (attr(a, "TargetMode").value_or("") == "External") return;
    rels.push_back({std::string(attr(a, "Id").value_or("")),
                    std::string(attr(a, "Type").value_or("")),
                    std::string(attr(a, "Target").value_or(""))});
  }
  void on_end(std::string_view) override {}
};

std::string folder_of(const std::string& part) {
  const auto slash = part.rfind('/');
  return slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
}

std::string rels_path_of(const std::string& part) {
  const auto slash = part.rfind('/');
  if (slash == std::string::npos) return "_rels/" + part + ".rels";
  return part.substr(0, slash + 1) + "_rels/" + part.substr(slash + 1) + ".rels";
}

// Joins and normalizes "xl/" + "../xl/worksheets/sheet1.xml"; "" if it climbs above the root.
std::string resolve(const std::string& folder, std::string_view target) {
  std::string joined =
      target.starts_with("/") ? std::string(target.substr(1)) : folder + std::string(target);
  std::vector<std::string> segs;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= joined.size(); ++i) {
    if (i < joined.size() && joined[i] != '/' && joined[i] != '\\') continue;
    const std::string seg = joined.substr(start, i - start);
    start = i + 1;
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (segs.empty()) return {};
      segs.pop_back();
    } else {
      segs.push_back(seg);
    }
  }
  std::string out;
  for (const auto& s : segs) out += (out.empty() ? "" : "/") + s;
  return out;
}

bool type_is(const relationship& r, std::string_view suffix) {
  // Transitional and Strict OOXML differ in the namespace, not in the last segment.
  return std::string_view(r.type).ends_with(suffix);
}

class workbook_handler : public xml_handler {
 public:
  std::vector<std::string> sheet_rel_ids;  // in tab order
  bool date1904 = false;
  void on_start(std::string_view name, const XML_Char** a) override {
    if (name == "sheet" && sheet_rel_ids.size() < k_max_list) {
      sheet_rel_ids.emplace_back(attr(a, "id").value_or(""));
    } else if (name == "workbookPr") {
      const auto v = attr(a, "date1904").value_or("");
      date1904 = v == "1" || v == "true";
    }
  }
  void on_end(std::string_view) override {}
};

// Excel escapes characters XML cannot carry as _xHHHH_ (e.g. _x000D_ for CR, _x005F_ for
// '_'); undo that in string values.
void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80U) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800U) {
    out.push_back(static_cast<char>(0xC0U | (cp >> 6U)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else {
    out.push_back(static_cast<char>(0xE0U | (cp >> 12U)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  }
}

std::string unescape_ooxml(std::string s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::uint32_t cp = 0;
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_' &&
        std::from_chars(s.data() + i + 2, s.data() + i + 6, cp, 16).ptr == s.data() + i + 6 &&
        !(cp >= 0xD800U && cp <= 0xDFFFU)) {
      append_utf8(out, cp);
      i += 6;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// <si> items: plain <t>, or rich-text runs <r><t>; phonetic guides <rPh><t> are not text.
class shared_strings_handler : public xml_handler {
 public:
  std::vector<std::string> strings;
  void on_start(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      current_.clear();
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && phonetic_ == 0) {
      in_t_ = true;
    }
  }
  void on_end(std::string_view name) override {
    if (name == "si") {
      if (strings.size() >= k_max_cells) {
        failure = too_large(fmt::format("the workbook has more than {} strings", k_max_cells));
        return;
      }
      strings.push_back(unescape_ooxml(std::move(current_)));
      current_.clear();
    } else if (name == "rPh") {
      --phonetic_;
    } else if (name == "t") {
      in_t_ = false;
    }
  }
  void on_text(std::string_view t) override {
    if (in_t_) current_.append(t);
  }

 private:
  std::string current_;
  int phonetic_ = 0;
  bool in_t_ = false;
};

// Built-in number formats that are dates or times, including the ones Excel on zh-CN
// systems shows as 年月日 (27-36, 50-58).
bool builtin_date_format(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

// A custom format is a date format if, outside quoted text, escapes and [..] sections
// (colours, locales like [$-804], [DBNum1]), it has y, m, d, h or s.
bool custom_date_format(std::string_view code) {
  bool quoted = false;
  int bracket = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      quoted = c != '"';
    } else if (c == '"') {
      quoted = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (c == '[') {
      // Elapsed time [h] [mm] [ss] is a time format; other brackets are not date parts.
      const auto close = code.find(']', i);
      const auto inner = code.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
      if (!inner.empty() && (inner[0] == 'h' || inner[0] == 'H' || inner[0] == 'm' ||
                             inner[0] == 'M' || inner[0] == 's' || inner[0] == 'S')) {
        return true;
      }
      ++bracket;
    } else if (c == ']') {
      if (bracket > 0) --bracket;
    } else if (bracket == 0) {
      switch (c) {
        case 'y':
        case 'Y':
        case 'm':
        case 'M':
        case 'd':
        case 'D':
        case 'h':
        case 'H':
        case 's':
        case 'S':
          return true;
        default:
          break;
      }
    }
  }
  return false;
}

class styles_handler : public xml_handler {
 public:
  std::vector<bool> xf_is_date;  // by cell style index (the cell's s attribute)
  void on_start(std::string_view name, const XML_Char** a) override {
    if (name == "numFmt" && custom_.size() < k_max_list) {
      int id = 0;
      const auto v = attr(a, "numFmtId").value_or("");
      std::from_chars(v.data(), v.data() + v.size(), id);
      custom_[id] = std::string(attr(a, "formatCode").value_or(""));
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_ && xf_is_date.size() < k_max_list) {
      int id = 0;
      const auto v = attr(a, "numFmtId").value_or("0");
      std::from_chars(v.data(), v.data() + v.size(), id);
      const auto it = custom_.find(id);
      xf_is_date.push_back(it != custom_.end() ? custom_date_format(it->second)
                                               : builtin_date_format(id));
    }
  }
  void on_end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }

 private:
  std::map<int, std::string> custom_;
  bool in_cell_xfs_ = false;
};

// ---------------------------------------------------------------------------------------
// Values.

// Excel serial date -> text. 1900 system: serial 1 is 1900-01-01 and Excel counts a
// 1900-02-29 that never was, so serials from 61 on are one day ahead.
std::optional<std::string> format_serial_date(double serial, bool date1904) {
  using namespace std::chrono;
  if (!std::isfinite(serial) || serial < 0 || serial > 2958466) return std::nullopt;
  auto whole = static_cast<long>(std::floor(serial));
  long secs = std::lround((serial - static_cast<double>(whole)) * 86400.0);
  if (secs >= 86400) {
    ++whole;
    secs -= 86400;
  }
  sys_days base;
  if (date1904) {
    base = sys_days{year{1904} / January / 1};
  } else {
    if (whole >= 61) --whole;
    base = sys_days{year{1899} / December / 31};
  }
  const year_month_day ymd{base + days{whole}};
  const std::string date =
      fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  const std::string time =
      fmt::format("{:02d}:{:02d}:{:02d}", secs / 3600, secs / 60 % 60, secs % 60);
  if (secs == 0) return date;
  if (whole == 0 && !date1904) return time;  // a pure time of day
  return date + " " + time;
}

bool parse_cell_ref(std::string_view ref, std::size_t& row, std::size_t& col) {
  std::size_t i = 0;
  col = 0;
  while (i < ref.size() && i < 3 &&
         ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    col = col * 26 + static_cast<std::size_t>((ref[i] | 0x20) - 'a' + 1);
    ++i;
  }
  if (i == 0 || col > 16384) return false;
  const auto* end = ref.data() + ref.size();
  const auto [ptr, ec] = std::from_chars(ref.data() + i, end, row);
  return ec == std::errc() && ptr == end && row >= 1 && row <= 1048576;
}

class sheet_handler : public xml_handler {
 public:
  sheet_handler(const std::vector<std::string>& strings, const std::vector<bool>& xf_is_date,
                bool date1904)
      : strings_(strings), xf_is_date_(xf_is_date), date1904_(date1904) {}

  table rows;

  void on_start(std::string_view name, const XML_Char** a) override {
    if (name == "row") {
      row_ = row_ + 1;
      if (const auto r = attr(a, "r")) {
        const auto [p, ec] = std::from_chars(r->data(), r->data() + r->size(), row_);
        if (ec != std::errc() || p != r->data() + r->size() || row_ == 0) {
          failure = malformed(fmt::format("bad row number '{}' in the worksheet", *r));
        }
      }
      col_ = 0;
    } else if (name == "c") {
      in_cell_ = true;
      v_.clear();
      inline_.clear();
      has_v_ = has_inline_ = false;
      type_ = std::string(attr(a, "t").value_or("n"));
      style_ = 0;
      if (const auto s = attr(a, "s")) std::from_chars(s->data(), s->data() + s->size(), style_);
      if (const auto r = attr(a, "r")) {
        std::size_t row = 0;
        if (!parse_cell_ref(*r, row, col_)) {
          failure = malformed(fmt::format("bad cell reference '{}' in the worksheet", *r));
          return;
        }
        row_ = row;
      } else {
        ++col_;
      }
    } else if (!in_cell_) {
      return;
    } else if (name == "v") {
      in_v_ = has_v_ = true;
    } else if (name == "is") {
      in_is_ = has_inline_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && in_is_ && phonetic_ == 0) {
      in_t_ = true;
    }
  }

  void on_end(std::string_view name) override {
    if (name == "v") {
      in_v_ = false;
    } else if (name == "is") {
      in_is_ = false;
    } else if (name == "t") {
      in_t_ = false;
    } else if (name == "rPh") {
      --phonetic_;
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      if (auto value = cell_value()) place(std::move(*value));
    }
  }

  void on_text(std::string_view t) override {
    if (in_v_) {
      v_.append(t);
    } else if (in_t_) {
      inline_.append(t);
    }
  }

 private:
  std::optional<std::string> cell_value() {
    if (type_ == "inlineStr") {
      if (!has_inline_) return std::nullopt;
      return unescape_ooxml(std::move(inline_));
    }
    if (!has_v_) return std::nullopt;
    if (type_ == "s") {
      std::size_t idx = 0;
      const auto [p, ec] = std::from_chars(v_.data(), v_.data() + v_.size(), idx);
      if (ec != std::errc() || p != v_.data() + v_.size() || idx >= strings_.size()) {
        failure = malformed(
            fmt::format("cell refers to shared string '{}' that does not exist", v_.substr(0, 20)));
        return std::nullopt;
      }
      return strings_[idx];
    }
    if (type_ == "str" || type_ == "e") return unescape_ooxml(std::move(v_));
    if (type_ == "b") return v_ == "1" ? "TRUE" : v_ == "0" ? "FALSE" : v_;
    if (type_ == "d") {
      if (v_.ends_with("T00:00:00")) v_.resize(v_.size() - 9);
      return v_;
    }
    if (v_.empty()) return std::nullopt;
    if (style_ < xf_is_date_.size() && xf_is_date_[style_]) {
      double serial = 0;
      const auto [p, ec] = std::from_chars(v_.data(), v_.data() + v_.size(), serial);
      if (ec == std::errc() && p == v_.data() + v_.size()) {
        if (auto text = format_serial_date(serial, date1904_)) return text;
      }
    }
    return format_number(v_);
  }

  void place(std::string value) {
    // A cell outside any <row>, or counted past column XFD, has no place on a sheet.
    if (row_ == 0 || col_ == 0 || col_ > 16384) {
      failure = malformed("a cell in the worksheet has no valid position");
      return;
    }
    if (auto st = budget_.check_rows(row_); !st) {
      failure = std::move(st).err();
      return;
    }
    if (rows.size() < row_) rows.resize(row_);
    auto& row = rows[row_ - 1];
    const std::size_t added = row.size() < col_ ? col_ - row.size() : 0;
    if (auto st = budget_.add(row_, std::max(row.size(), col_), added, value.size()); !st) {
      failure = std::move(st).err();
      return;
    }
    if (added > 0) row.resize(col_);
    row[col_ - 1] = std::move(value);
  }

  const std::vector<std::string>& strings_;
  const std::vector<bool>& xf_is_date_;
  const bool date1904_;
  std::size_t row_ = 0;
  std::size_t col_ = 0;
  ec::sheet::budget budget_;
  std::size_t style_ = 0;
  std::string type_, v_, inline_;
  bool in_cell_ = false, in_v_ = false, in_is_ = false, in_t_ = false;
  bool has_v_ = false, has_inline_ = false;
  int phonetic_ = 0;
};

// Reads and parses an optional part; a missing part leaves the handler empty.
ec::status parse_part(zip_reader& zip, const std::string& path, xml_handler& h, bool required) {
  auto bytes = zip.read(path);
  EC_TRY(bytes);
  if (!*bytes) {
    if (required) return malformed("the workbook has no " + path);
    return {};
  }
  return parse_xml(**bytes, path, h);
}

// ---------------------------------------------------------------------------------------
// Number text: decimal arithmetic on the stored digits, so nothing is lost to binary floating
// point on the way, and rounding to 15 significant digits happens exactly as Excel shows it.

struct decimal {
  bool negative = false;
  std::string digits;  // no leading zeros; empty means zero
  long exponent = 0;   // value = digits * 10^exponent
};

std::optional<decimal> parse_decimal(std::string_view s) {
  decimal d;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) d.negative = s[i++] == '-';
  bool any = false;
  bool point = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      any = true;
      if (!(d.digits.empty() && c == '0')) d.digits.push_back(c);
      if (point) --d.exponent;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  if (i < s.size()) {
    if (s[i] != 'e' && s[i] != 'E') return std::nullopt;
    ++i;
    if (i < s.size() && s[i] == '+') ++i;
    long e = 0;
    const auto [p, ec] = std::from_chars(s.data() + i, s.data() + s.size(), e);
    if (ec != std::errc() || p != s.data() + s.size() || e > 100000 || e < -100000) {
      return std::nullopt;
    }
    d.exponent += e;
  }
  return d;
}

}  // namespace

std::string format_number(std::string_view raw) {
  auto parsed = parse_decimal(raw);
  if (!parsed) return std::string(raw);
  decimal d = std::move(*parsed);
  if (d.digits.empty()) return "0";

  constexpr std::size_t k_significant = 15;  // Excel's precision
  if (d.digits.size() > k_significant) {
    const bool round_up = d.digits[k_significant] >= '5';
    d.exponent += static_cast<long>(d.digits.size() - k_significant);
    d.digits.resize(k_significant);
    if (round_up) {
      std::size_t i = d.digits.size();
      while (i > 0 && d.digits[i - 1] == '9') d.digits[--i] = '0';
      if (i == 0) {
        d.digits.insert(d.digits.begin(), '1');
      } else {
        ++d.digits[i - 1];
      }
    }
  }
  while (!d.digits.empty() && d.digits.back() == '0') {
    d.digits.pop_back();
    ++d.exponent;
  }

  const long len = static_cast<long>(d.digits.size());
  const long point = len + d.exponent;  // digits before the decimal point
  std::string out = d.negative ? "-" : "";
  // Absurd magnitudes keep an exponent rather than printing hundreds of zeros.
  if (point > 30 || point < -20) {
    out += d.digits.substr(0, 1);
    if (len > 1) out += "." + d.digits.substr(1);
    out += fmt::format("E{:+d}", point - 1);
    return out;
  }
  if (d.exponent >= 0) {
    out += d.digits + std::string(static_cast<std::size_t>(d.exponent), '0');
  } else if (point > 0) {
    out += d.digits.substr(0, static_cast<std::size_t>(point)) + "." +
           d.digits.substr(static_cast<std::size_t>(point));
  } else {
    out += "0." + std::string(static_cast<std::size_t>(-point), '0') + d.digits;
  }
  return out;
}

ec::result<table> read_first_sheet(std::string_view bytes) {
  if (!bytes.starts_with("PK")) {
    if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
      // Both old .xls files and password-protected .xlsx files are OLE compound documents.
      return malformed(
          "this is an old .xls workbook or a password-protected one; save it as an .xlsx "
          "workbook without a password");
    }
    return malformed("the file is not an .xlsx workbook (not a zip archive)");
  }
  if (!complete_end_record(bytes)) {
    return malformed("the .xlsx file is truncated (its zip directory is incomplete)");
  }
  zip_reader zip(bytes);
  if (!zip.is_open()) return malformed("the .xlsx file is damaged or truncated (bad zip)");

  // Find the workbook through the package relationships, falling back to the usual path.
  std::string workbook_path = "xl/workbook.xml";
  {
    rels_handler root;
    EC_TRY(parse_part(zip, "_rels/.rels", root, false));
    for (const auto& r : root.rels) {
      if (type_is(r, "/officeDocument")) {
        const auto p = resolve("", r.target);
        if (!p.empty()) workbook_path = p;
        break;
      }
    }
  }
  workbook_handler workbook;
  EC_TRY(parse_part(zip, workbook_path, workbook, true));
  rels_handler wb_rels;
  EC_TRY(parse_part(zip, rels_path_of(workbook_path), wb_rels, false));
  const std::string folder = folder_of(workbook_path);

  // First sheet in tab order that is a worksheet (not a chart sheet).
  std::string sheet_path;
  for (const auto& id : workbook.sheet_rel_ids) {
    for (const auto& r : wb_rels.rels) {
      if (r.id == id && type_is(r, "/worksheet")) sheet_path = resolve(folder, r.target);
    }
    if (!sheet_path.empty()) break;
  }
  // Missing or broken relationships: try the conventional name before giving up.
  if (sheet_path.empty()) sheet_path = folder + "worksheets/sheet1.xml";
  std::string strings_path = folder + "sharedStrings.xml";
  std::string styles_path = folder + "styles.xml";
  for (const auto& r : wb_rels.rels) {
    if (type_is(r, "/sharedStrings")) strings_path = resolve(folder, r.target);
    if (type_is(r, "/styles")) styles_path = resolve(folder, r.target);
  }

  shared_strings_handler strings;
  EC_TRY(parse_part(zip, strings_path, strings, false));
  styles_handler styles;
  EC_TRY(parse_part(zip, styles_path, styles, false));
  sheet_handler sheet(strings.strings, styles.xf_is_date, workbook.date1904);
  EC_TRY(parse_part(zip, sheet_path, sheet, true));
  return std::move(sheet.rows);
}

}  // namespace ec::xlsx
