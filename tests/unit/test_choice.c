/* test_choice.c — database choice from requirements (issue 5, design item 2):
 * a table of requirement texts with the system the agent definition's matrix
 * picks and a reason that must quote the phrase matched; ties going to the
 * earlier matrix row; structured hints alone and overriding the text; the
 * PostgreSQL note; and the exact error when nothing is given. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "advise/choice.h"

/* Table rows leave trailing fields zero on purpose. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static int setup(void **state)
{
    *state = arena_new();
    return 0;
}

static int teardown(void **state)
{
    arena_free(*state);
    return 0;
}

static bool has_reason(const db_choice_t *c, const char *needle)
{
    for (int i = 0; i < c->nreasons; i++)
        if (strstr(c->reasons[i], needle))
            return true;
    return false;
}

static bool has_alternative(const db_choice_t *c, const char *name)
{
    for (int i = 0; i < c->nalternatives; i++)
        if (!strcmp(c->alternatives[i], name))
            return true;
    return false;
}

static db_choice_t choose(arena_t *a, const char *text, const db_requirements_t *hints)
{
    db_choice_t c;
    err_t err = {0};
    if (advise_database_choice(a, text, hints, &c, &err) < 0)
        fail_msg("unexpected error: %s", err.message);
    return c;
}

/* ---- text → recommendation -------------------------------------------------------- */

static void test_text_table(void **state)
{
    static const struct {
        const char *text, *recommended, *reason;
    } cases[] = {
        {"An order system with transactions and reporting over joins", "PostgreSQL",
         "matched \"transaction\" → PostgreSQL"},
        {"We need ACID guarantees", "PostgreSQL", "matched \"acid\" → PostgreSQL"},
        {"Ingest with high write throughput, millions of writes a day", "MySQL (InnoDB)",
         "matched \"high write throughput\", \"millions of writes\" → MySQL (InnoDB)"},
        {"A catalogue of JSON documents with a flexible schema", "MongoDB",
         "matched \"flexible schema\", \"json documents\" → MongoDB"},
        {"A session store and a leaderboard, plus a cache whose keys expire", "Redis",
         "→ Redis"},
        {"Single-digit millisecond at any scale on AWS, serverless", "DynamoDB",
         "\"aws\""},
        {"Sensor readings from IoT devices: a time series", "TimescaleDB / InfluxDB",
         "matched \"time series\", \"sensor\", \"iot\" → TimescaleDB / InfluxDB"},
        {"A search engine with fuzzy search over product names", "Elasticsearch",
         "matched \"search engine\", \"fuzzy search\" → Elasticsearch"},
        {"Friends of friends and recommendations by relationships", "Neo4j",
         "\"friends of friends\""},
        {"TIME SERIES of METRICS", "TimescaleDB / InfluxDB", "\"time series\""},
        {"Something that stores things", "PostgreSQL", "no specific need was recognised"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        db_choice_t c = choose(*state, cases[i].text, NULL);
        if (strcmp(c.recommended, cases[i].recommended) || !has_reason(&c, cases[i].reason))
            fail_msg("\"%s\": got %s (%s), want %s with \"%s\"", cases[i].text, c.recommended,
                     c.nreasons ? c.reasons[0] : "no reason", cases[i].recommended,
                     cases[i].reason);
    }
}

/* Phrases match at word boundaries: "laws" is not "aws", "joint" not "join". */
static void test_word_boundaries(void **state)
{
    db_choice_t c = choose(*state, "Draws on the laws of a joint venture", NULL);
    assert_string_equal(c.recommended, "PostgreSQL");
    assert_true(has_reason(&c, "no specific need was recognised"));
    assert_int_equal(c.nalternatives, 0);
}

/* One need each for PostgreSQL and Elasticsearch: a tie goes to the earlier
 * matrix row, the other is an alternative, and the note names tsvector. */
static void test_tie_goes_to_matrix_order(void **state)
{
    db_choice_t c = choose(*state, "joins and full-text search", NULL);
    assert_string_equal(c.recommended, "PostgreSQL");
    assert_int_equal(c.nalternatives, 1);
    assert_string_equal(c.alternatives[0], "Elasticsearch");
    assert_string_equal(c.reasons[0], "matched \"join\" → PostgreSQL");
    assert_string_equal(c.reasons[1], "matched \"full-text\" → Elasticsearch");
    assert_non_null(c.note);
    assert_non_null(strstr(c.note, "tsvector"));

    c = choose(*state, "a graph of documents", NULL); /* MongoDB before Neo4j */
    assert_string_equal(c.recommended, "MongoDB");
    assert_true(has_alternative(&c, "Neo4j"));
    assert_non_null(strstr(c.note, "jsonb"));
    assert_non_null(strstr(c.note, "recursive CTE"));
}

/* Two needs beat one: cache + TTL (Redis, 2) over ACID (PostgreSQL, 1); the
 * recommended system's reasons come first. */
static void test_score_and_reason_order(void **state)
{
    db_choice_t c = choose(*state, "transactions, plus a cache with ttl", NULL);
    assert_string_equal(c.recommended, "Redis");
    assert_string_equal(c.reasons[0], "matched \"cache\" → Redis");
    assert_string_equal(c.reasons[1], "matched \"ttl\" → Redis");
    assert_string_equal(c.reasons[2], "matched \"transaction\" → PostgreSQL");
    assert_int_equal(c.nalternatives, 1);
    assert_string_equal(c.alternatives[0], "PostgreSQL");
    assert_null(c.note); /* no PostgreSQL feature replaces Redis here */
}

/* Time series with PostgreSQL needs: the note says partitioning / TimescaleDB. */
static void test_note_time_series(void **state)
{
    db_choice_t c = choose(*state, "metrics", NULL);
    assert_string_equal(c.recommended, "TimescaleDB / InfluxDB");
    assert_string_equal(c.note, "PostgreSQL can cover this without a second system: time series "
                                "fit declarative partitioning by time, or the TimescaleDB "
                                "extension inside PostgreSQL.");
}

/* ---- hints ------------------------------------------------------------------------ */

static void test_hints_only(void **state)
{
    db_requirements_t h = {0};
    assert_int_equal(db_requirements_set(&h, "graph", true), 0);
    db_choice_t c = choose(*state, NULL, &h);
    assert_string_equal(c.recommended, "Neo4j");
    assert_string_equal(c.reasons[0], "options.requirements.graph = true → Neo4j");

    db_requirements_t kv = {.key_value = true, .caching = true, .acid = true};
    kv.set = 1u << DB_NEED_KEY_VALUE | 1u << DB_NEED_CACHING | 1u << DB_NEED_ACID;
    c = choose(*state, "", &kv);
    assert_string_equal(c.recommended, "Redis");
    assert_string_equal(c.alternatives[0], "PostgreSQL");
}

/* Callers that fill the flags without the set mask still have true flags count. */
static void test_true_flags_without_mask(void **state)
{
    db_requirements_t h = {.full_text = true};
    db_choice_t c = choose(*state, NULL, &h);
    assert_string_equal(c.recommended, "Elasticsearch");
    assert_string_equal(c.reasons[0], "options.requirements.full_text = true → Elasticsearch");
}

/* A hint given as false silences the text's match for that need, and says so. */
static void test_hint_overrides_text(void **state)
{
    db_requirements_t h = {0};
    assert_int_equal(db_requirements_set(&h, "time_series", false), 0);
    db_choice_t c = choose(*state, "metrics with joins", &h);
    assert_string_equal(c.recommended, "PostgreSQL");
    assert_int_equal(c.nalternatives, 0);
    assert_true(has_reason(&c, "options.requirements.time_series = false overrides matched "
                               "\"metric\""));
}

static void test_requirement_names(void **state)
{
    (void)state;
    db_requirements_t h = {0};
    assert_int_equal(db_requirements_set(&h, "aws_scale", true), 0);
    assert_true(h.aws_scale);
    assert_int_equal(h.set, 1u << DB_NEED_AWS_SCALE);
    assert_int_equal(db_requirements_set(&h, "webscale", true), -1);
    for (int i = 0; i < DB_NEED_COUNT; i++)
        assert_non_null(db_need_name((db_need_t)i));
    assert_string_equal(db_need_name(DB_NEED_FULL_TEXT), "full_text");
}

/* ---- no input --------------------------------------------------------------------- */

static void test_no_input_error(void **state)
{
    static const char *const texts[] = {NULL, "", "  \n\t"};
    db_requirements_t none = {0};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        for (int with_hints = 0; with_hints < 2; with_hints++) {
            db_choice_t c;
            err_t err = {0};
            assert_int_equal(advise_database_choice(*state, texts[i], with_hints ? &none : NULL,
                                                    &c, &err), -1);
            assert_int_equal(err.code, ERR_INVALID_REQUEST);
            assert_string_equal(err.message, "design: give requirements (--requirements TEXT "
                                             "or options.requirements) to choose a database");
        }
}

/* Same input, same output, run twice. */
static void test_deterministic(void **state)
{
    const char *text = "graph, documents, search engine, metrics, cache, aws, write-heavy, acid";
    db_choice_t a = choose(*state, text, NULL), b = choose(*state, text, NULL);
    assert_string_equal(a.recommended, b.recommended);
    assert_int_equal(a.nreasons, b.nreasons);
    for (int i = 0; i < a.nreasons; i++)
        assert_string_equal(a.reasons[i], b.reasons[i]);
    assert_string_equal(a.recommended, "PostgreSQL"); /* every system 1 point: first row */
    assert_int_equal(a.nalternatives, 7);
    assert_string_equal(a.alternatives[0], "MySQL (InnoDB)");
    assert_string_equal(a.alternatives[6], "Neo4j");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_text_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_word_boundaries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tie_goes_to_matrix_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_score_and_reason_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_note_time_series, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hints_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_true_flags_without_mask, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hint_overrides_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_requirement_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_input_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
