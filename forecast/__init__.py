"""The business-plan forecast (prévisionnel): a plan document in, every table a banker expects out.
Pure Python (no Streamlit, no database); the page, the exports and `python -m finance forecast` all call
the same engine.

    forecast.model      Plan (frozen dataclasses), validate(dict) / from_json(text) -> Plan or PlanError
                        (.issues: FieldIssue(path, key, values), .message(lang)), Plan.to_json(),
                        json_schema() (also forecast/plan.schema.json), SCHEMA_VERSION, validate_loan(dict)
    forecast.engine     compute(plan, params=TABLE) -> ForecastResult
    forecast.result     ForecastResult (.to_dict()), Alert (.message(lang)), the key tuples for labels
    forecast.loans      loan_table(amount, rate, months, annual=, method=, deferral_months=, deferral_kind=)
    forecast.params     PARAMETERS, TABLE (ParamTable: value(key, day), with_rows(...)), lookup(key, day)
    forecast.scenarios  SCENARIOS, Scenario, apply(plan, scenario), compare(plan), sensitivity(plan, step=0.1)
    forecast.seed       plan_from_analysis(year_analysis, name, start=...), TEMPLATES, from_template(key, name,
                        start)
    forecast.actuals    compare(result, year_analysis) -> months, margin, explanations (Alert)
    forecast.messages   text(key, lang, **values)
"""
