/* desc_json.h: a description (util/desc.h) as JSON, for the CLI's JSON
 * output and the explanation saved with a forecast.
 *
 * The top level becomes an object; objects and arrays nest as described,
 * members and elements keep their order; integers become JSON integers,
 * reals JSON reals, null null. Values JSON cannot hold are left out, as
 * jansson's own setters leave them: a non-finite real, a string or key
 * that is not well-formed UTF-8 (with a container, all it holds). */
#ifndef RW_DESC_JSON_H
#define RW_DESC_JSON_H

#include <jansson.h>
#include "util/desc.h"

/* The JSON object of `d`: a new reference, owned by the caller
 * (json_decref). NULL when memory runs out, or d is failed or incomplete
 * (an object or array left open). */
json_t *rw_desc_to_json(const rw_desc *d);

#endif
