/* describe_json.h: a model's describe() as the JSON the forecast shows
 * (export/desc_json.h), for the unit tests that check its members. */
#ifndef RW_TEST_DESCRIBE_JSON_H
#define RW_TEST_DESCRIBE_JSON_H

#include "export/desc_json.h"
#include "model/model.h"

/* A new reference (json_decref), NULL when memory runs out. */
static json_t *describe_json(const rw_model_ops *ops, const void *state)
{
    rw_desc d;
    rw_desc_init(&d);
    ops->describe(state, &d);
    json_t *j = rw_desc_to_json(&d);
    rw_desc_cleanup(&d);
    return j;
}

#endif
