/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The store's reference model, one for every user: the ctl stress
 * command and the KUnit model checks.
 */
#ifndef _HIGHPT_STORE_MODEL_H
#define _HIGHPT_STORE_MODEL_H

#include <linux/prandom.h>
#include <linux/xarray.h>

#include "../internal.h"

/**
 * struct highpt_model - what a space should hold
 * @space: the space
 * @xa: the entries it should hold, keyed by page number
 * @base: the start of the model's region
 * @pages: the region's size in pages
 * @top: whether the top 8 MiB of the space is used too
 *
 * Random operations are applied to both the space and the model, then
 * compared entry by entry. With @top, every directory level is used;
 * without, the model covers only its region, so several models (threads)
 * can share one space.
 */
struct highpt_model {
	struct highpt_space *space;
	struct xarray xa;
	u32 base;
	unsigned int pages;
	bool top;
};

/**
 * enum highpt_model_op - the operations the model draws from
 * @HIGHPT_MODEL_SET: highpt_pte_set()
 * @HIGHPT_MODEL_GET: highpt_pte_get()
 * @HIGHPT_MODEL_CLEAR: highpt_pte_clear()
 * @HIGHPT_MODEL_POPULATE: highpt_populate()
 * @HIGHPT_MODEL_ZAP: highpt_zap_range()
 * @HIGHPT_MODEL_MOVE: highpt_move_range()
 * @HIGHPT_MODEL_COPY: highpt_copy_range()
 * @HIGHPT_MODEL_WALK: highpt_walk()
 * @HIGHPT_MODEL_OPS: number of operations
 */
enum highpt_model_op {
	HIGHPT_MODEL_SET,
	HIGHPT_MODEL_GET,
	HIGHPT_MODEL_CLEAR,
	HIGHPT_MODEL_POPULATE,
	HIGHPT_MODEL_ZAP,
	HIGHPT_MODEL_MOVE,
	HIGHPT_MODEL_COPY,
	HIGHPT_MODEL_WALK,
	HIGHPT_MODEL_OPS
};

extern const char *const highpt_model_op_names[HIGHPT_MODEL_OPS];

/**
 * struct highpt_model_rng - one thread's random source and tallies
 * @rnd: the random state; seed it with prandom_seed_state()
 * @ops: operations run
 * @errors: results that disagreed with the model
 * @failures: operations that failed unexpectedly
 * @bad: errors and failures by operation
 * @op: the operation running now
 */
struct highpt_model_rng {
	struct rnd_state rnd;
	u64 ops;
	unsigned int errors;
	unsigned int failures;
	unsigned int bad[HIGHPT_MODEL_OPS];
	enum highpt_model_op op;
};

void highpt_model_init(struct highpt_model *m, struct highpt_space *space,
		       u32 base, unsigned int pages, bool top);
void highpt_model_destroy(struct highpt_model *m);
void highpt_model_random_op(struct highpt_model *m, struct highpt_model *copy,
			    struct highpt_model_rng *r, int err_ok);
int highpt_model_compare(struct highpt_model *m);

#endif /* _HIGHPT_STORE_MODEL_H */
