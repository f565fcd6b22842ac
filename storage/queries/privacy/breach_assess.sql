UPDATE breaches SET risk_level = ?, risk_reasoning = ? WHERE id = ?
