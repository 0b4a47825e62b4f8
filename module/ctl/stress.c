// SPDX-License-Identifier: GPL-2.0
/*
 * The ctl command "stress THREADS SECONDS": threads running random store
 * operations on shared spaces (both formats), each checking every result
 * against the store's model (store/model.c). Each thread owns one region
 * of every space, so its models stay exact while the others work on the
 * same spaces.
 */
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "ctl.h"
#include "../store/model.h"

#define STRESS_SPACES		4	/* pae, legacy, pae, legacy */
#define STRESS_PAGES		64	/* a thread's region, in pages */
#define STRESS_MAX_SECONDS	60
/* Every thread stops at the deadline; an operation takes far less. */
#define STRESS_SLACK		(60 * HZ)

struct stress_thread {
	struct highpt_model m[STRESS_SPACES];
	struct highpt_model_rng r;
};

struct stress {
	struct highpt_space *spaces[STRESS_SPACES];
	unsigned long deadline;
	struct stress_thread t[HIGHPT_FANOUT_MAX];
	struct highpt_fanout f;		/* too big for the stack */
};

static int stress_thread_fn(struct highpt_fanout *f, int id)
{
	struct stress *st = f->ctx;
	struct stress_thread *t = &st->t[id];
	int s;

	while (time_before(jiffies, st->deadline) &&
	       !fatal_signal_pending(current)) {
		/* Copies go to the other space of the same format. */
		s = prandom_u32_state(&t->r.rnd) % STRESS_SPACES;
		highpt_model_random_op(&t->m[s], &t->m[s ^ 2], &t->r, 0);
		cond_resched();
	}
	return 0;
}

static void stress_destroy(struct stress *st, int nthreads)
{
	int i, s;

	for (i = 0; i < nthreads; i++)
		for (s = 0; s < STRESS_SPACES; s++)
			highpt_model_destroy(&st->t[i].m[s]);
	for (s = 0; s < STRESS_SPACES; s++)
		if (!IS_ERR_OR_NULL(st->spaces[s]))
			highpt_space_destroy(st->spaces[s]);
	kfree(st);
}

static int stress_create(struct highpt_pool *pool, u32 nthreads,
			 u32 seconds, struct stress **out)
{
	struct highpt_space_config cfg;
	struct stress *st;
	int i, s;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	for (s = 0; s < STRESS_SPACES; s++) {
		highpt_params_space_config(&cfg, s & 1 ? HIGHPT_PT_LEGACY :
							 HIGHPT_PT_PAE, pool);
		st->spaces[s] = highpt_space_create(&cfg);
		if (IS_ERR(st->spaces[s])) {
			int ret = PTR_ERR(st->spaces[s]);

			stress_destroy(st, 0);
			return ret;
		}
	}
	for (i = 0; i < nthreads; i++) {
		/* Regions 3 MiB apart: some share a PTE page, some do not. */
		for (s = 0; s < STRESS_SPACES; s++)
			highpt_model_init(&st->t[i].m[s], st->spaces[s],
					  0x10000000 + i * 0x300000,
					  STRESS_PAGES, false);
		prandom_seed_state(&st->t[i].r.rnd, i + 1);
	}
	st->deadline = jiffies + seconds * HZ;
	*out = st;
	return 0;
}

/* "stress THREADS SECONDS" */
int highpt_ctl_stress(struct highpt_pool *pool, int argc, char **argv)
{
	u64 ops = 0, errors = 0, by_op[HIGHPT_MODEL_OPS] = {};
	u32 nthreads, seconds;
	struct stress *st;
	int i, op, ret;

	ret = highpt_ctl_u32(argv[0], 1, HIGHPT_FANOUT_MAX, &nthreads);
	if (!ret)
		ret = highpt_ctl_u32(argv[1], 1, STRESS_MAX_SECONDS, &seconds);
	if (ret)
		return ret;
	ret = stress_create(pool, nthreads, seconds, &st);
	if (ret)
		return ret;
	ret = highpt_fanout_start(&st->f, nthreads, stress_thread_fn, st,
				  "highpt_stress", false);
	if (ret)
		goto out;
	if (!highpt_fanout_wait(&st->f, seconds * HZ + STRESS_SLACK))
		ret = -ETIMEDOUT;
	for (i = 0; i < nthreads; i++) {
		ops += st->t[i].r.ops;
		for (op = 0; op < HIGHPT_MODEL_OPS; op++)
			by_op[op] += st->t[i].r.bad[op];
	}
	for (op = 0; op < HIGHPT_MODEL_OPS; op++)
		errors += by_op[op];
	highpt_stat_add(HIGHPT_STAT_STORE_STRESS_OPS, ops);
	highpt_stat_add(HIGHPT_STAT_STORE_STRESS_ERRORS, errors);
	pr_info("stress: %u threads, %u s: %llu operations, %llu errors\n",
		nthreads, seconds, ops, errors);
	for (op = 0; op < HIGHPT_MODEL_OPS; op++)
		if (by_op[op])
			pr_info("stress: %llu errors in %s\n", by_op[op],
				highpt_model_op_names[op]);
	if (!ret && errors)
		ret = -EIO;
out:
	stress_destroy(st, nthreads);
	return ret;
}
