// The assessment module (能力评估): the national ability assessment GB/T 42195-2022. So far the
// catalogue of items and the scoring (ability.hpp); routes, tables and pages follow (issue 10).
#include "api/module.hpp"

#include <string>
#include <vector>

#include "modules/assessment/ability.hpp"

namespace ec::assessment {
namespace {

// Field labels for error messages, from the catalogue (one place for the items' names):
// "answers.eating" → "能力评估 进食", "risk_events.fall" → "近30天内照护风险事件 跌倒".
std::vector<api::label_def> field_labels() {
  std::vector<api::label_def> out = {
      {"answers", "能力评估", "answers"},
      {"risk_events", "近30天内照护风险事件", "risk_events"},
  };
  for (const auto& it : items()) out.push_back({it.code, it.name_zh, it.code});
  for (const auto& e : risk_events()) out.push_back({e.code, e.name_zh, e.code});
  return out;
}

}  // namespace

const api::module& module_def() {
  static const api::module m{
      .name = "assessment",
      .title_zh = "能力评估",
      .title_en = "Ability assessment",
      .fields = field_labels(),
      .errors =
          {
              {"assessment.answer_missing", "{f}未作答：每个评估项目都须选择一个选项",
               "The item is not answered: every item needs one option"},
              {"assessment.answer_invalid", "{f}的得分不是该项目的选项之一",
               "The score is not one of the item's options"},
              {"assessment.answer_unknown", "{f}不是GB/T 42195-2022的评估项目",
               "No item of GB/T 42195-2022 has this code"},
              {"assessment.risk_count_range", "{f}的次数应为0～3（3表示3次及以上）",
               "The count must be 0-3 (3 means three or more)"},
          },
  };
  return m;
}

}  // namespace ec::assessment
