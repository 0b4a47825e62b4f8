/* SPDX-License-Identifier: GPL-2.0 */
/*
 * highpt's trace events, in /sys/kernel/tracing/events/highpt/: the
 * pool's maps, unmaps, flushes, waits and reservations, the store's
 * operations and the shadow's invalidations and syncs. Each event is
 * emitted where the matching counter of the stats file moves, so a
 * trace and two reads of stats can be checked against each other.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM highpt

#ifndef _HIGHPT_TRACE_ENUMS
#define _HIGHPT_TRACE_ENUMS

/* What a pool map did. */
enum highpt_trace_map {
	HIGHPT_TRACE_MAP_HIT,		/* page already in a slot */
	HIGHPT_TRACE_MAP_MISS,		/* page put in a free slot */
	HIGHPT_TRACE_MAP_FALLBACK,	/* NOWAIT, no slot: kmap_local */
};

/* What an unmap left behind. */
enum highpt_trace_unmap {
	HIGHPT_TRACE_UNMAP_SHARED,	/* the slot has other users */
	HIGHPT_TRACE_UNMAP_STALE,	/* lazy: cleared at the next wrap */
	HIGHPT_TRACE_UNMAP_FREED,	/* eager: cleared and flushed now */
	HIGHPT_TRACE_UNMAP_LOCAL,	/* a fallback, kunmap_local() */
};

/* Which sleep a wait event brackets. */
enum highpt_trace_wait {
	HIGHPT_TRACE_WAIT_MAP,
	HIGHPT_TRACE_WAIT_RESERVE,
};

/* What happened to a reservation. */
enum highpt_trace_reserve {
	HIGHPT_TRACE_RESERVE_TAKEN,
	HIGHPT_TRACE_RESERVE_RETURNED,
	HIGHPT_TRACE_RESERVE_OVERFLOW,	/* a map past its size, refused */
};

#endif /* _HIGHPT_TRACE_ENUMS */

#if !defined(_HIGHPT_TRACE_EVENTS_H) || defined(TRACE_HEADER_MULTI_READ)
#define _HIGHPT_TRACE_EVENTS_H

#include <linux/mm.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "../internal.h"

/* Pool names as the pool keeps them; longer ones are cut here. */
#define HIGHPT_TRACE_NAME_LEN 32

TRACE_DEFINE_ENUM(HIGHPT_TRACE_MAP_HIT);
TRACE_DEFINE_ENUM(HIGHPT_TRACE_MAP_MISS);
TRACE_DEFINE_ENUM(HIGHPT_TRACE_MAP_FALLBACK);
TRACE_DEFINE_ENUM(HIGHPT_TRACE_UNMAP_SHARED);
TRACE_DEFINE_ENUM(HIGHPT_TRACE_UNMAP_STALE);
TRACE_DEFINE_ENUM(HIGHPT_TRACE_UNMAP_FREED);
TRACE_DEFINE_ENUM(HIGHPT_TRACE_UNMAP_LOCAL);
TRACE_DEFINE_ENUM(HIGHPT_TRACE_WAIT_MAP);
TRACE_DEFINE_ENUM(HIGHPT_TRACE_WAIT_RESERVE);
TRACE_DEFINE_ENUM(HIGHPT_TRACE_RESERVE_TAKEN);
TRACE_DEFINE_ENUM(HIGHPT_TRACE_RESERVE_RETURNED);
TRACE_DEFINE_ENUM(HIGHPT_TRACE_RESERVE_OVERFLOW);
TRACE_DEFINE_ENUM(HIGHPT_FLUSH_LAZY);
TRACE_DEFINE_ENUM(HIGHPT_FLUSH_EAGER);
TRACE_DEFINE_ENUM(HIGHPT_STAT_STORE_OPS_SET);
TRACE_DEFINE_ENUM(HIGHPT_STAT_STORE_OPS_GET);
TRACE_DEFINE_ENUM(HIGHPT_STAT_STORE_OPS_CLEAR);
TRACE_DEFINE_ENUM(HIGHPT_STAT_STORE_OPS_POPULATE);
TRACE_DEFINE_ENUM(HIGHPT_STAT_STORE_OPS_COPY);
TRACE_DEFINE_ENUM(HIGHPT_STAT_STORE_OPS_MOVE);
TRACE_DEFINE_ENUM(HIGHPT_STAT_STORE_OPS_ZAP);
TRACE_DEFINE_ENUM(HIGHPT_STAT_STORE_OPS_WALK);
TRACE_DEFINE_ENUM(HIGHPT_STAT_STORE_OPS_DESTROY);

#define highpt_trace_map_names					\
	{ HIGHPT_TRACE_MAP_HIT,		"hit" },		\
	{ HIGHPT_TRACE_MAP_MISS,	"miss" },		\
	{ HIGHPT_TRACE_MAP_FALLBACK,	"fallback" }

#define highpt_trace_unmap_names				\
	{ HIGHPT_TRACE_UNMAP_SHARED,	"shared" },		\
	{ HIGHPT_TRACE_UNMAP_STALE,	"stale" },		\
	{ HIGHPT_TRACE_UNMAP_FREED,	"freed" },		\
	{ HIGHPT_TRACE_UNMAP_LOCAL,	"local" }

#define highpt_trace_wait_names					\
	{ HIGHPT_TRACE_WAIT_MAP,	"map" },		\
	{ HIGHPT_TRACE_WAIT_RESERVE,	"reserve" }

#define highpt_trace_reserve_names				\
	{ HIGHPT_TRACE_RESERVE_TAKEN,	 "taken" },		\
	{ HIGHPT_TRACE_RESERVE_RETURNED, "returned" },		\
	{ HIGHPT_TRACE_RESERVE_OVERFLOW, "overflow" }

#define highpt_trace_flush_names				\
	{ HIGHPT_FLUSH_LAZY,		"lazy" },		\
	{ HIGHPT_FLUSH_EAGER,		"eager" }

#define highpt_trace_store_op_names				\
	{ HIGHPT_STAT_STORE_OPS_SET,		"set" },	\
	{ HIGHPT_STAT_STORE_OPS_GET,		"get" },	\
	{ HIGHPT_STAT_STORE_OPS_CLEAR,		"clear" },	\
	{ HIGHPT_STAT_STORE_OPS_POPULATE,	"populate" },	\
	{ HIGHPT_STAT_STORE_OPS_COPY,		"copy" },	\
	{ HIGHPT_STAT_STORE_OPS_MOVE,		"move" },	\
	{ HIGHPT_STAT_STORE_OPS_ZAP,		"zap" },	\
	{ HIGHPT_STAT_STORE_OPS_WALK,		"walk" },	\
	{ HIGHPT_STAT_STORE_OPS_DESTROY,	"destroy" }

/*
 * highpt_pool_map - a pool map succeeded
 * @users: the slot's users after the map (0 for a fallback)
 */
TRACE_EVENT(highpt_pool_map,
	TP_PROTO(const char *pool, struct page *page, unsigned int cls,
		 bool reserved, int outcome, unsigned int users),
	TP_ARGS(pool, page, cls, reserved, outcome, users),
	TP_STRUCT__entry(
		__array(char,		pool, HIGHPT_TRACE_NAME_LEN)
		__field(unsigned long,	pfn)
		__field(unsigned int,	cls)
		__field(bool,		reserved)
		__field(int,		outcome)
		__field(unsigned int,	users)
	),
	TP_fast_assign(
		strscpy(__entry->pool, pool, HIGHPT_TRACE_NAME_LEN);
		__entry->pfn = page_to_pfn(page);
		__entry->cls = cls;
		__entry->reserved = reserved;
		__entry->outcome = outcome;
		__entry->users = users;
	),
	TP_printk("pool=%s pfn=0x%lx class=%u reserved=%d outcome=%s users=%u",
		  __entry->pool, __entry->pfn, __entry->cls, __entry->reserved,
		  __print_symbolic(__entry->outcome, highpt_trace_map_names),
		  __entry->users)
);

/* highpt_pool_unmap - a mapping was released */
TRACE_EVENT(highpt_pool_unmap,
	TP_PROTO(const char *pool, struct page *page, int outcome),
	TP_ARGS(pool, page, outcome),
	TP_STRUCT__entry(
		__array(char,		pool, HIGHPT_TRACE_NAME_LEN)
		__field(unsigned long,	pfn)
		__field(int,		outcome)
	),
	TP_fast_assign(
		strscpy(__entry->pool, pool, HIGHPT_TRACE_NAME_LEN);
		__entry->pfn = page_to_pfn(page);
		__entry->outcome = outcome;
	),
	TP_printk("pool=%s pfn=0x%lx outcome=%s", __entry->pool, __entry->pfn,
		  __print_symbolic(__entry->outcome, highpt_trace_unmap_names))
);

/*
 * highpt_pool_flush - one cross-CPU flush of the pool's slots
 * @policy: lazy (at a wrap) or eager (at a last unmap)
 * @pages: slot translations it invalidates
 */
TRACE_EVENT(highpt_pool_flush,
	TP_PROTO(const char *pool, int policy, unsigned int pages),
	TP_ARGS(pool, policy, pages),
	TP_STRUCT__entry(
		__array(char,		pool, HIGHPT_TRACE_NAME_LEN)
		__field(int,		policy)
		__field(unsigned int,	pages)
		__field(unsigned int,	cpus)
	),
	TP_fast_assign(
		strscpy(__entry->pool, pool, HIGHPT_TRACE_NAME_LEN);
		__entry->policy = policy;
		__entry->pages = pages;
		__entry->cpus = num_online_cpus();
	),
	TP_printk("pool=%s policy=%s pages=%u cpus=%u", __entry->pool,
		  __print_symbolic(__entry->policy, highpt_trace_flush_names),
		  __entry->pages, __entry->cpus)
);

/* highpt_pool_wait_begin - a map or reservation goes to sleep for slots */
TRACE_EVENT(highpt_pool_wait_begin,
	TP_PROTO(const char *pool, int kind),
	TP_ARGS(pool, kind),
	TP_STRUCT__entry(
		__array(char,	pool, HIGHPT_TRACE_NAME_LEN)
		__field(int,	kind)
	),
	TP_fast_assign(
		strscpy(__entry->pool, pool, HIGHPT_TRACE_NAME_LEN);
		__entry->kind = kind;
	),
	TP_printk("pool=%s kind=%s", __entry->pool,
		  __print_symbolic(__entry->kind, highpt_trace_wait_names))
);

/*
 * highpt_pool_wait_end - the wait is over
 * @waited_ns: from the first sleep to now
 * @ret: 0 (got its slots), -ETIMEDOUT, -EINTR, or another error
 */
TRACE_EVENT(highpt_pool_wait_end,
	TP_PROTO(const char *pool, int kind, u64 waited_ns, int ret),
	TP_ARGS(pool, kind, waited_ns, ret),
	TP_STRUCT__entry(
		__array(char,	pool, HIGHPT_TRACE_NAME_LEN)
		__field(int,	kind)
		__field(u64,	waited_ns)
		__field(int,	ret)
	),
	TP_fast_assign(
		strscpy(__entry->pool, pool, HIGHPT_TRACE_NAME_LEN);
		__entry->kind = kind;
		__entry->waited_ns = waited_ns;
		__entry->ret = ret;
	),
	TP_printk("pool=%s kind=%s waited_ns=%llu ret=%d", __entry->pool,
		  __print_symbolic(__entry->kind, highpt_trace_wait_names),
		  (unsigned long long)__entry->waited_ns, __entry->ret)
);

/*
 * highpt_pool_reserve - a reservation was taken, returned or overflowed
 * @nr: its size (taken), what it gave back (returned), or 0 (overflow)
 * @reserved: credits the pool sets aside afterwards, over all
 */
TRACE_EVENT(highpt_pool_reserve,
	TP_PROTO(const char *pool, int action, unsigned int nr,
		 unsigned int reserved),
	TP_ARGS(pool, action, nr, reserved),
	TP_STRUCT__entry(
		__array(char,		pool, HIGHPT_TRACE_NAME_LEN)
		__field(int,		action)
		__field(unsigned int,	nr)
		__field(unsigned int,	reserved)
	),
	TP_fast_assign(
		strscpy(__entry->pool, pool, HIGHPT_TRACE_NAME_LEN);
		__entry->action = action;
		__entry->nr = nr;
		__entry->reserved = reserved;
	),
	TP_printk("pool=%s action=%s nr=%u reserved=%u", __entry->pool,
		  __print_symbolic(__entry->action, highpt_trace_reserve_names),
		  __entry->nr, __entry->reserved)
);

/*
 * highpt_store_op - one call of the store's API ended
 * @op: which, as its store_ops_* counter
 * @start: its first address (a move's source), @len: its length
 */
TRACE_EVENT(highpt_store_op,
	TP_PROTO(u32 space, int op, u64 start, u64 len, int ret),
	TP_ARGS(space, op, start, len, ret),
	TP_STRUCT__entry(
		__field(u32,	space)
		__field(int,	op)
		__field(u64,	start)
		__field(u64,	len)
		__field(int,	ret)
	),
	TP_fast_assign(
		__entry->space = space;
		__entry->op = op;
		__entry->start = start;
		__entry->len = len;
		__entry->ret = ret;
	),
	TP_printk("space=%u op=%s start=0x%llx len=0x%llx ret=%d",
		  __entry->space,
		  __print_symbolic(__entry->op, highpt_trace_store_op_names),
		  (unsigned long long)__entry->start,
		  (unsigned long long)__entry->len, __entry->ret)
);

/*
 * highpt_shadow_invalidate - the process's page table changed in a range
 * @start, @end: the part inside the shadow, page-rounded
 * @event: the mmu_notifier_event
 * @cleared: shadow entries cleared
 */
TRACE_EVENT(highpt_shadow_invalidate,
	TP_PROTO(u32 space, u64 start, u64 end, int event, bool blockable,
		 unsigned long cleared),
	TP_ARGS(space, start, end, event, blockable, cleared),
	TP_STRUCT__entry(
		__field(u32,		space)
		__field(u64,		start)
		__field(u64,		end)
		__field(int,		event)
		__field(bool,		blockable)
		__field(unsigned long,	cleared)
	),
	TP_fast_assign(
		__entry->space = space;
		__entry->start = start;
		__entry->end = end;
		__entry->event = event;
		__entry->blockable = blockable;
		__entry->cleared = cleared;
	),
	TP_printk("space=%u start=0x%llx end=0x%llx event=%d blockable=%d cleared=%lu",
		  __entry->space, (unsigned long long)__entry->start,
		  (unsigned long long)__entry->end, __entry->event,
		  __entry->blockable, __entry->cleared)
);

/*
 * highpt_shadow_sync - a snapshot of the process's page table ended
 * @present: entries present after it, @unrepresentable: frames left out
 */
TRACE_EVENT(highpt_shadow_sync,
	TP_PROTO(u32 space, int ret, unsigned long present,
		 unsigned long unrepresentable),
	TP_ARGS(space, ret, present, unrepresentable),
	TP_STRUCT__entry(
		__field(u32,		space)
		__field(int,		ret)
		__field(unsigned long,	present)
		__field(unsigned long,	unrepresentable)
	),
	TP_fast_assign(
		__entry->space = space;
		__entry->ret = ret;
		__entry->present = present;
		__entry->unrepresentable = unrepresentable;
	),
	TP_printk("space=%u ret=%d present=%lu unrepresentable=%lu",
		  __entry->space, __entry->ret, __entry->present,
		  __entry->unrepresentable)
);

#endif /* _HIGHPT_TRACE_EVENTS_H */

/* Outside the guard: define_trace.h reads this header again. */
#undef TRACE_INCLUDE_PATH
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE events
#include <trace/define_trace.h>
