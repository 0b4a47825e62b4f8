/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_KUNIT_STORE_MODEL_H
#define _HIGHPT_KUNIT_STORE_MODEL_H

#include <linux/prandom.h>
#include <linux/xarray.h>

#include <highpt.h>

struct kunit;

/*
 * A reference model of a space: an xarray of the entries it should
 * hold, keyed by page number. Random operations are applied to both the
 * space and the model, then compared entry by entry. Addresses come
 * from [base, base + pages) and from the top 8 MiB, so every directory
 * level is used.
 */
struct store_model {
	struct highpt_space *space;
	struct xarray xa;
	u32 base;
	unsigned int pages;
	bool top;		/* also use the top 8 MiB */
};

struct store_rng {
	struct rnd_state rnd;
	int errors;		/* results that disagreed with the model */
	int failures;		/* operations that failed unexpectedly */
};

void model_init(struct store_model *m, struct highpt_space *space, u32 base,
		unsigned int pages);
void model_destroy(struct store_model *m);
unsigned long model_count(struct store_model *m);
void model_random_op(struct store_model *m, struct store_model *copy,
		     struct store_rng *r, int err_ok);
int model_compare(struct store_model *m);

#endif /* _HIGHPT_KUNIT_STORE_MODEL_H */
