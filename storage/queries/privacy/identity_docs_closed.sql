-- Requests whose proofs nothing justifies keeping: gone, closed, or past the proof step.
SELECT DISTINCT CAST(d.request_id AS VARCHAR)
FROM dsr_identity_docs d LEFT JOIN dsr_requests r ON r.id = d.request_id
WHERE r.id IS NULL OR r.closed_at IS NOT NULL OR r.state NOT IN ('proof_requested')
