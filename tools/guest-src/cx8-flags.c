// SPDX-License-Identifier: GPL-2.0
/*
 * cx8-flags: does this CPU, or emulator, take the flags of "lock
 * cmpxchg8b" from the source operand of the adc before it?
 *
 * Usage: cx8-flags detect|sub
 *   detect: add 0 and adc 0x880, then lock cmpxchg8b. On hardware
 *           cmpxchg8b changes ZF only, so SF and OF stay as the adc left
 *           them: clear. An emulator with the defect reports the adc's
 *           source, 0x880, as the flags: SF and OF set.
 *   sub:    what highpt_atomic64_add(-1) runs (module/atomic64.h): sub 1
 *           and sbb 0, then lock cmpxchg8b. The flags must hold no bit
 *           beyond the arithmetic ones, IF and bit 1, defect or not.
 *
 * QEMU 7.2's TCG has the defect when its record of the last flag-setting
 * operation says "flags already computed". The probe sets that up as a
 * retry of the kernel's loop does: a first cmpxchg8b, then a jump, which
 * ends QEMU's translation block as the loop's jne does. The source
 * operands hold arithmetic bits only, so that even a defective emulator
 * never takes TF, IOPL or VM from them (the kernel's own negative adds
 * give 0xffffffff there).
 *
 * Output: "cx8-flags MODE: eflags 0x... VERDICT".
 * Exit status: 0 for hardware's answer (detect) or sane flags (sub);
 * 1 for the defect (detect) or bad flags (sub); 2 for usage.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define FLAG_FIXED	0x002u
#define FLAG_ARITH	0x8d5u	/* CF PF AF ZF SF OF */
#define FLAG_IF		0x200u
#define FLAG_SF_OF	0x880u

/*
 * One pass of the loop, INS and INSC of LO:HI (in %esi, %edi) into
 * %ebx:%ecx, after a cmpxchg8b and a jump; evaluates to the flags
 * cmpxchg8b left, read at once. Both words live on the stack: no
 * register is left for a PIC base.
 */
#define FLAGS_AFTER(ins, insc, lo, hi)					\
({									\
	uint64_t word_ __attribute__((aligned(8))) = 0;			\
	uint32_t flags_;						\
	asm volatile("xorl %%eax, %%eax\n\t"				\
		     "xorl %%edx, %%edx\n\t"				\
		     "xorl %%ebx, %%ebx\n\t"				\
		     "xorl %%ecx, %%ecx\n\t"				\
		     "lock cmpxchg8b %[w]\n\t"				\
		     "jmp 1f\n"						\
		     "1:\n\t"						\
		     ins " %%esi, %%ebx\n\t"				\
		     insc " %%edi, %%ecx\n\t"				\
		     "lock cmpxchg8b %[w]\n\t"				\
		     "pushfl\n\t"					\
		     "popl %[f]\n\t"					\
		     : [f] "=m" (flags_), [w] "+m" (word_)		\
		     : "S" (lo), "D" (hi)				\
		     : "eax", "ebx", "ecx", "edx", "cc", "memory");	\
	flags_;								\
})

static int usage(void)
{
	fprintf(stderr, "usage: cx8-flags detect|sub\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *verdict;
	uint32_t flags;
	int bad;

	if (argc != 2)
		return usage();
	if (!strcmp(argv[1], "detect")) {
		flags = FLAGS_AFTER("addl", "adcl", 0u, FLAG_SF_OF);
		bad = (flags & FLAG_SF_OF) == FLAG_SF_OF;
		verdict = bad ? "defect: the flags are the adc's source" :
				"as hardware: the adc's flags kept";
	} else if (!strcmp(argv[1], "sub")) {
		flags = FLAGS_AFTER("subl", "sbbl", 1u, 0u);
		bad = (flags & ~(FLAG_ARITH | FLAG_IF | FLAG_FIXED)) != 0;
		verdict = bad ? "corrupt" : "sane";
	} else {
		return usage();
	}
	printf("cx8-flags %s: eflags 0x%08x, %s\n", argv[1], flags, verdict);
	return bad;
}
