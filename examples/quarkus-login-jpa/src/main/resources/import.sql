-- The example's users, with bcrypt hashes of cost 4 (cheap for the tests; give yours the default, 10, or more):
-- alice, carol and frank / correct-horse, bob and dave / battery-staple.
INSERT INTO account (name, password, role) VALUES ('alice', '$2a$04$4byIQ.xE3OVQ8oO8gSvBruOqJkTXuFwqyLDJsXiN3INVi2WWWHyou', 'user');
INSERT INTO account (name, password, role) VALUES ('bob', '$2a$04$wXcZIIoskGZVV2O.Ph/1WOc3xAxi27lJW6Q/VwuRmKbaRhBacIZ3a', 'user');
INSERT INTO account (name, password, role) VALUES ('carol', '$2a$04$4byIQ.xE3OVQ8oO8gSvBruOqJkTXuFwqyLDJsXiN3INVi2WWWHyou', 'user');
INSERT INTO account (name, password, role) VALUES ('dave', '$2a$04$wXcZIIoskGZVV2O.Ph/1WOc3xAxi27lJW6Q/VwuRmKbaRhBacIZ3a', 'user');
INSERT INTO account (name, password, role) VALUES ('frank', '$2a$04$4byIQ.xE3OVQ8oO8gSvBruOqJkTXuFwqyLDJsXiN3INVi2WWWHyou', 'user');
