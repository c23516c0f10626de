BEGIN;
-- The hand-computed community of tests/e2e/reach.sh and reach-export.sh.
INSERT INTO compound (id, name, code) VALUES (1, '甲小区', 'JA');
INSERT INTO building (id, compound_id, name, x, y) VALUES (1, 1, '1', 0, 0), (2, 1, '2', 300, 400),
  (3, 1, '3', 1000, 0), (4, 1, '4', NULL, NULL);
INSERT INTO stairwell (id, building_id, unit) VALUES (1, 1, '1'), (2, 2, '1'), (3, 3, '1');
INSERT INTO dwelling (id, stairwell_id, room) VALUES (1, 1, '101'), (2, 2, '101'), (3, 2, '102'),
  (4, 3, '101');
INSERT INTO person (id, id_number, name, dwelling_id) VALUES
  (1, '110105194607310023', '甲', 1), (2, '110105202408020135', '乙', 2),
  (3, '110105199001010213', '丙', 2), (4, '110105202208010346', '丁', 3),
  (5, '110105202308010458', '戊', 4), (6, '110105196608020561', '己', 4);
INSERT INTO person_tag VALUES (1, '独居');
INSERT INTO grid (id, code, compound_id, created) VALUES
  (1, 'JA-01', 1, '2026-01-01 00:00:00'), (2, 'JA-02', 1, '2026-01-01 00:00:00');
INSERT INTO grid_stairwell VALUES (1, 1), (2, 1), (3, 2);
COMMIT;
