INSERT INTO countries (code, name) VALUES ('DE', 'Germany'), ('FR', 'France'), ('NZ', 'New Zealand');
