// The assessment module (能力评估): the national ability assessment GB/T 42195-2022: the
// catalogue of items and the scoring (ability.hpp), and the assessment records from draft to
// review (records.hpp, routes.cpp; issue 10).
#include "api/module.hpp"

#include <string>
#include <vector>

#include "demo/demo.hpp"
#include "modules/assessment/ability.hpp"
#include "modules/assessment/routes.hpp"

namespace ec::assessment {
namespace {

// Field labels for error messages, from the catalogue (one place for the items' names):
// "answers.eating" → "能力评估 进食", "risk_events.fall" → "近30天内照护风险事件 跌倒".
std::vector<api::label_def> field_labels() {
  std::vector<api::label_def> out = {
      {"answers", "能力评估", "answers"},
      {"risk_events", "近30天内照护风险事件", "risk_events"},
      {"client_id", "评估表编号", "client_id"},
      {"supersedes_id", "被更正的评估", "supersedes_id"},
      {"assessor1_id", "评估员1", "assessor1_id"},
      {"assessor2_id", "评估员2", "assessor2_id"},
      {"informant_name", "信息提供者姓名", "informant_name"},
      {"informant_relation", "信息提供者与老年人的关系", "informant_relation"},
      {"place", "评估地点", "place"},
      {"assessed_on", "评估日期", "assessed_on"},
      {"diagnoses", "疾病诊断", "diagnoses"},
      {"dementia", "痴呆", "dementia"},
      {"other_mental_disorder", "其他精神和行为障碍", "other_mental_disorder"},
      {"comatose", "昏迷", "comatose"},
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
      .routes = &register_routes,
      .permissions =
          {
              {"assessment:record:view",
               "查看能力评估",
               "View ability assessments",
               {"street_admin", "community_staff", "auditor"}},
              {"assessment:record:edit",
               "填写能力评估",
               "Fill in ability assessments",
               {"street_admin", "community_staff"}},
              {"assessment:record:review",
               "审核能力评估",
               "Review ability assessments",
               {"street_admin"}},
          },
      .audit_entities = {{"assessment", "能力评估", "Ability assessment"}},
      .audit_actions =
          {
              {"submit", "提交", "Submit"},
              {"review", "审核通过", "Approve"},
              {"return", "退回", "Return"},
          },
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
              {"assessment.required_to_submit", "{f}为必填项：提交评估前须填写",
               "Required before the assessment is submitted"},
              {"assessment.assessor_unknown", "{f}不是有效的系统用户",
               "The assessor is not an active user"},
              {"assessment.assessors_same", "{f}：两名评估员须为不同的人",
               "The two assessors must be two different people"},
              {"assessment.not_editable", "只有草稿或已退回的评估可以修改或提交",
               "Only a draft or returned assessment can be edited or submitted"},
              {"assessment.not_submitted", "只有已提交的评估可以审核或退回",
               "Only a submitted assessment can be reviewed or returned"},
              {"assessment.reviewer_is_assessor", "评估员本人或提交人不能审核该评估",
               "An assessor or the submitter may not review the assessment"},
              {"assessment.supersedes_invalid", "{f}须为同一老人的已审核评估",
               "Must be a reviewed assessment of the same elder"},
              {"assessment.client_id_taken", "{f}已被另一份评估使用",
               "Another assessment already has this client id"},
              {"assessment.elder_left", "{f}：该老人已离册，不能评估",
               "The elder has left the registry"},
              {"assessment.client_id_format", "{f}须为UUID", "Must be a UUID"},
              {"assessment.date_format", "{f}须为日期（YYYY-MM-DD）", "Must be a date YYYY-MM-DD"},
          },
      .demo = &demo::load_assessments,
  };
  return m;
}

}  // namespace ec::assessment
