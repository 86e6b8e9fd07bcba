/* The command line of attendctl's HR commands (ctl/hr.h): one reading of the options every
 * report takes (--format, --output, --lang, --csv-style, --help), or only --lang and --help,
 * or --help alone, with the command's own beside them: each command lists its options and
 * nothing more. */
#include <getopt.h>

#include "ctl/hr.h"

#define OWN_MAX 12
#define OWN_VAL 1000   /* getopt_long's answer for own[i]: OWN_VAL + i */

/* own, then the shared options, into one table for getopt_long. */
static void table(struct option *t, const struct hr_opt *own, bool report, bool lang)
{
	int n = 0;
	for (; own && own[n].name && n < OWN_MAX; n++)
		t[n] = (struct option){ own[n].name, required_argument, NULL, OWN_VAL + n };
	if (report) {
		t[n++] = (struct option){ "format", required_argument, NULL, 'F' };
		t[n++] = (struct option){ "output", required_argument, NULL, 'o' };
	}
	if (lang)
		t[n++] = (struct option){ "lang", required_argument, NULL, 'L' };
	if (report)
		t[n++] = (struct option){ "csv-style", required_argument, NULL, 'C' };
	t[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	t[n] = (struct option){ 0 };
}

static bool own_opt(const struct hr_opt *own, int ch)
{
	if (ch < OWN_VAL || ch >= OWN_VAL + OWN_MAX)
		return false;
	*own[ch - OWN_VAL].value = optarg;
	return true;
}

int hr_report_args(int argc, char **argv, const struct hr_opt *own, struct hr_out *out, void (*usage)(FILE *))
{
	struct option t[OWN_MAX + 6];
	table(t, own, true, true);
	bool help = false;
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "ho:", t, NULL)) != -1) {
		switch (ch) {
		case 'F': out->format = optarg; break;
		case 'o': out->output = optarg; break;
		case 'L': out->lang = optarg; break;
		case 'C': out->csv_style = optarg; break;
		case 'h': help = true; break;
		default:
			if (own_opt(own, ch))
				break;
			hr_lang_init(out->lang);
			usage(stderr);
			return 2;
		}
	}
	if (!hr_lang_init(out->lang) || !hr_csv_style_set(out->csv_style))
		return 2;
	if (help || (optind != argc && !out->operands)) {
		usage(help ? stdout : stderr);
		return help ? 0 : 2;
	}
	return -1;
}

/* own, --lang (when lang) and --help: -h answers at once, in the language asked so far. */
static int plain_args(int argc, char **argv, const struct hr_opt *own, void (*usage)(FILE *), bool lang)
{
	struct option t[OWN_MAX + 6];
	table(t, own, false, lang);
	const char *l = NULL;
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", t, NULL)) != -1) {
		if (ch == 'L') {
			l = optarg;
		} else if (!own_opt(own, ch)) {
			if (lang)
				hr_lang_init(l);
			usage(ch == 'h' ? stdout : stderr);
			return ch == 'h' ? 0 : 2;
		}
	}
	return !lang || hr_lang_init(l) ? -1 : 2;
}

int hr_lang_args(int argc, char **argv, const struct hr_opt *own, void (*usage)(FILE *))
{
	return plain_args(argc, argv, own, usage, true);
}

int hr_help_args(int argc, char **argv, const struct hr_opt *own, void (*usage)(FILE *))
{
	return plain_args(argc, argv, own, usage, false);
}
