"""The business-plan forecast (prévisionnel): a plan document in, every table a banker expects out.
Pure Python (no Streamlit, no database); the page, the exports and `python -m finance forecast` all call
the same engine.

    forecast.model.Plan, validate(dict), from_json(text), json_schema()   the plan document (PlanError)
    forecast.engine.compute(plan) -> ForecastResult                      every output (forecast.result)
    forecast.loans.loan_table(...)                                       one loan's schedule
    forecast.params.PARAMETERS, lookup(key, day)                         dated legal parameters
"""
