-- PostgreSQL translation of ../0600_login_sessions.sql (same tables and columns; tests compare the two schemas).
-- Login cookies become opaque session ids (HMAC-signed), set by the server as HttpOnly cookies.
-- kind 'session': a cookie without expiry for the browser session, honoured while exp_date (the idle
-- deadline) has not passed, pushed forward as the user acts. kind 'remember': the optional, consented
-- cookie with a fixed exp_date. Only the SHA-256 of the session id is stored.
-- The former JWT cookies (username + exp_date, set from JavaScript) are no longer honoured.
DELETE FROM login_cookies;
ALTER TABLE login_cookies ADD COLUMN session_hash VARCHAR;
ALTER TABLE login_cookies ADD COLUMN kind VARCHAR DEFAULT 'session';
