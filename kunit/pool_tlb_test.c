// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite highpt_pool_tlb: after a slot is remapped to another page,
 * every online CPU sees the new page. QEMU's TCG keeps stale TLB entries
 * as real CPUs do, so a missing or CPU-local flush fails here.
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <asm/cpufeature.h>
#include <asm/pgtable.h>

#include "../module/internal.h"
#include "pool_fixture.h"
#include "seq_text.h"
#include "workers.h"

struct tlb_ctx {
	void *addr;
	int page;
	bool right[HIGHPT_FANOUT_MAX];
	int cpu[HIGHPT_FANOUT_MAX];
};

static int tlb_read(struct highpt_fanout *w, int id)
{
	struct tlb_ctx *ctx = w->ctx;

	ctx->right[id] = fixture_check(ctx->addr, ctx->page);
	ctx->cpu[id] = raw_smp_processor_id();
	return 0;
}

/* Every online CPU reads ctx->addr, which must show ctx->page. */
static void tlb_read_everywhere(struct kunit *test, struct tlb_ctx *ctx)
{
	struct highpt_fanout *w;
	int i, n = num_online_cpus();

	w = workers_run(test, n, tlb_read, ctx, true);
	KUNIT_ASSERT_TRUE(test, workers_wait(w, 10 * HZ));
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_TRUE_MSG(test, ctx->right[i],
				      "CPU %d sees a stale page in the slot",
				      ctx->cpu[i]);
}

static void tlb_remap(struct kunit *test, enum highpt_flush_policy flush)
{
	struct highpt_pool_config cfg = fixture_config(1, flush,
						       HIGHPT_DEADLOCK_NONE);
	struct tlb_ctx ctx = {};
	struct highpt_pool *pool;
	struct highpt_mapping m;
	int page;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs at least 2 online CPUs");
	cfg.task_reserve = 1;
	pool = fixture_pool(test, &cfg);
	/* One slot: each page in turn, every CPU caching each one. */
	for (page = 0; page < 3; page++) {
		KUNIT_ASSERT_EQ(test, highpt_map(pool, fixture_page(test, page),
						 0, NULL, &m), 0);
		if (page)
			KUNIT_EXPECT_PTR_EQ(test, m.addr, ctx.addr);
		ctx.addr = m.addr;
		ctx.page = page;
		tlb_read_everywhere(test, &ctx);
		KUNIT_ASSERT_EQ(test, highpt_unmap(&m), 0);
	}
	KUNIT_EXPECT_EQ(test, fixture_stats(test).pages_flushed, 2 +
			(flush == HIGHPT_FLUSH_EAGER));
}

static void highpt_pool_tlb_test_remap_lazy(struct kunit *test)
{
	tlb_remap(test, HIGHPT_FLUSH_LAZY);
}

static void highpt_pool_tlb_test_remap_eager(struct kunit *test)
{
	tlb_remap(test, HIGHPT_FLUSH_EAGER);
}

static struct highpt_pool *tlb_print_pool;

static void tlb_print(struct seq_file *m)
{
	highpt_pool_print(m, tlb_print_pool);
}

/*
 * TCG cannot show a translation left under another PCID, so this
 * checks the choice the pool made. INVLPG on every CPU is complete
 * where the kernel's PTEs are global (it drops a global entry under
 * every PCID) or where the kernel uses no PCID (never on i386). With
 * page-table isolation and PCID, kernel PTEs are not global: only an
 * INVPCID of every context will do, and without INVPCID pools are
 * refused.
 */
static void highpt_pool_tlb_test_flush_method(struct kunit *test)
{
	struct highpt_pool_config cfg = fixture_config(4, HIGHPT_FLUSH_LAZY,
						       HIGHPT_DEADLOCK_NONE);
	bool tagged = IS_ENABLED(CONFIG_X86_64) &&
		      boot_cpu_has(X86_FEATURE_PCID) &&
		      !(pgprot_val(PAGE_KERNEL) & _PAGE_GLOBAL);
	const char *want = tagged ? "\nflush_method invpcid\n" :
				    "\nflush_method invlpg\n";
	struct highpt_pool *pool;
	char *text;

	if (tagged && !boot_cpu_has(X86_FEATURE_INVPCID)) {
		pool = highpt_pool_create(&cfg);
		KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(pool), -EOPNOTSUPP);
		if (!IS_ERR(pool))
			KUNIT_EXPECT_EQ(test, highpt_pool_destroy(pool), 0);
		return;
	}
	tlb_print_pool = fixture_pool(test, &cfg);
	text = seq_text(test, 4096, tlb_print);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(text, want),
				  "no \"%s\" line in the pool's text", want + 1);
}

/*
 * The pool's hardware-independent counts, exactly: a miss, a hit, then
 * a miss that wraps (lazy), or three misses (eager), each unmapped.
 * Lazy writes 3 PTEs (two installs, one clear at the wrap) and flushes
 * once; eager writes 6 and flushes at each unmap. Each flush runs on
 * every online CPU: one invlpg of one slot there, or one INVPCID.
 */
static void tlb_costs(struct kunit *test, enum highpt_flush_policy flush)
{
	struct highpt_pool_config cfg = fixture_config(2, flush,
						       HIGHPT_DEADLOCK_NONE);
	bool eager = flush == HIGHPT_FLUSH_EAGER;
	unsigned int cpus = num_online_cpus();
	static const int pages[] = { 0, 0, 1 };
	struct highpt_pool_stats st;
	struct highpt_pool *pool;
	struct highpt_mapping m;
	u64 flushes, per_cpu;
	int i;

	cfg.task_reserve = 1;
	pool = fixture_pool(test, &cfg);
	highpt_pool_stats(pool, &st);
	KUNIT_EXPECT_EQ(test, st.pte_writes + st.flush_calls + st.invlpg +
			st.full_flushes + st.lock_acquisitions, 0);
	for (i = 0; i < ARRAY_SIZE(pages); i++) {
		KUNIT_ASSERT_EQ(test, highpt_map(pool,
						 fixture_page(test, pages[i]),
						 0, NULL, &m), 0);
		KUNIT_ASSERT_EQ(test, highpt_unmap(&m), 0);
	}
	highpt_pool_stats(pool, &st);
	flushes = eager ? 3 : 1;
	KUNIT_EXPECT_EQ(test, st.hits, eager ? 0 : 1);
	KUNIT_EXPECT_EQ(test, st.pte_writes, eager ? 6 : 3);
	KUNIT_EXPECT_EQ(test, st.flush_calls, flushes);
	KUNIT_EXPECT_EQ(test, st.lock_acquisitions, 2 * ARRAY_SIZE(pages));
	per_cpu = st.invlpg + st.full_flushes;
	KUNIT_EXPECT_EQ(test, per_cpu, flushes * cpus);
	KUNIT_EXPECT_TRUE(test, !st.invlpg || !st.full_flushes);
}

static void highpt_pool_tlb_test_costs_lazy(struct kunit *test)
{
	tlb_costs(test, HIGHPT_FLUSH_LAZY);
}

static void highpt_pool_tlb_test_costs_eager(struct kunit *test)
{
	tlb_costs(test, HIGHPT_FLUSH_EAGER);
}

static struct kunit_case highpt_pool_tlb_cases[] = {
	KUNIT_CASE(highpt_pool_tlb_test_costs_lazy),
	KUNIT_CASE(highpt_pool_tlb_test_costs_eager),
	KUNIT_CASE(highpt_pool_tlb_test_remap_lazy),
	KUNIT_CASE(highpt_pool_tlb_test_remap_eager),
	KUNIT_CASE(highpt_pool_tlb_test_flush_method),
	{}
};

static struct kunit_suite highpt_pool_tlb_suite = {
	.name = "highpt_pool_tlb",
	.init = fixture_init,
	.exit = fixture_exit,
	.test_cases = highpt_pool_tlb_cases,
};

kunit_test_suites(&highpt_pool_tlb_suite);
