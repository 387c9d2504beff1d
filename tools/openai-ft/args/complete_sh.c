/*
 * openai-ft completion bash|zsh: the data functions (what each command has,
 * generated from the tree; the same shell code serves both) and each shell's
 * driver, which walks the words typed so far to find the command.
 */
#include <string.h>

#include "args/complete_sh.h"
#include "args/args.h"
#include "args/complete_tree.h"

static void put_subs(const cli_cmd *cmd, const char *path, void *ctx)
{
    const cli_cmd *const *s;
    (void)ctx;
    if (cmd->subs == NULL)
        return;
    printf("    '%s') REPLY='", path);
    for (s = cmd->subs; *s != NULL; s++)
        printf("%s%s", s == cmd->subs ? "" : " ", (*s)->name);
    printf("' ;;\n");
}

static void put_opt_names(const cli_opt *o)
{
    printf(" --%s", o->name);
    if (o->short_name != 0)
        printf(" -%c", o->short_name);
}

static void put_opts(const cli_cmd *cmd, const char *path, void *ctx)
{
    int any = 0;
    (void)ctx;
    CLI_FOR_OPTS(cmd, t, o)
    {
        if (!any)
            printf("    '%s') REPLY='", path);
        any = 1;
        put_opt_names(o);
    }
    if (any)
        printf("' ;;\n");
}

static void put_value_case(const char *path, const cli_opt *o)
{
    char buf[256];
    if (path != NULL)
        printf("    '%s|--%s'", path, o->name);
    else
        printf("        '--%s'", o->name);
    if (o->short_name != 0 && path != NULL)
        printf("|'%s|-%c'", path, o->short_name);
    else if (o->short_name != 0)
        printf("|'-%c'", o->short_name);
    printf(") REPLY='%s' ;;\n", cli_value_class(buf, sizeof(buf), o));
}

static void put_values(const cli_cmd *cmd, const char *path, void *ctx)
{
    (void)ctx;
    CLI_FOR_OPTS(cmd, t, o)
    put_value_case(path, o);
}

static void put_operands(const cli_cmd *cmd, const char *path, void *ctx)
{
    (void)ctx;
    if (cmd->operand_choices != NULL)
        printf("    '%s') REPLY='choice:%s' ;;\n", path, cmd->operand_choices);
    else if (cmd->max_operands > 0 && cli_kind_class(cmd->operand_kind) != NULL)
        printf("    '%s') REPLY='%s' ;;\n", path, cli_kind_class(cmd->operand_kind));
}

static void put_data(void)
{
    const cli_opt *o;
    printf("_openai_ft_subs() {\n    case \"$1\" in\n");
    cli_walk_tree(put_subs, NULL);
    printf("    *) REPLY='' ;;\n    esac\n}\n\n");

    printf("_openai_ft_opts() {\n    case \"$1\" in\n");
    cli_walk_tree(put_opts, NULL);
    printf("    *) REPLY='' ;;\n    esac\n    REPLY=\"$REPLY");
    for (o = cli_global_opts; o->id != 0; o++)
        put_opt_names(o);
    printf("\"\n}\n\n");

    printf("# flag, text, file, dir, choice:WORDS or optional:WORDS (a value after '=')\n"
           "_openai_ft_value() {\n    case \"$1|$2\" in\n");
    cli_walk_tree(put_values, NULL);
    printf("    *)\n        case \"$2\" in\n");
    for (o = cli_global_opts; o->id != 0; o++)
        put_value_case(NULL, o);
    printf("        *) REPLY='' ;;\n        esac ;;\n    esac\n}\n\n");

    printf("_openai_ft_operands() {\n    case \"$1\" in\n");
    cli_walk_tree(put_operands, NULL);
    printf("    *) REPLY='' ;;\n    esac\n}\n\n");
}

/* The loop both drivers share: the command path of the words before the
 * current one (options and their values skipped). $w, $skip, $end, $cmdpath. */
static const char walk_body[] =
    "        if ((skip)); then skip=0; continue; fi\n"
    "        if ((!end)) && [[ $w == -- ]]; then end=1; continue; fi\n"
    "        if ((!end)) && [[ $w == -?* ]]; then\n"
    "            [[ $w == *=* ]] && continue\n"
    "            _openai_ft_value \"$cmdpath\" \"$w\"\n"
    "            case $REPLY in text|file|dir|choice:*|id:*|file+id:*) skip=1 ;; esac\n"
    "            continue\n"
    "        fi\n"
    "        _openai_ft_subs \"$cmdpath\"\n"
    "        [[ \" $REPLY \" == *\" $w \"* ]] && cmdpath=${cmdpath:+$cmdpath }$w\n";

/* The IDs of the API for the word at the cursor, added to COMPREPLY:
 * `openai-ft __complete KIND LINE` (cached briefly, 2 s at most, silent).
 * bash replaces only what follows the word's last ':' (COMP_WORDBREAKS). */
static const char bash_ids[] =
    "_openai_ft_ids() {\n"
    "    local line full pre='' id prog=${COMP_WORDS[0]}\n"
    "    if [[ -n ${COMP_LINE+x} ]]; then line=${COMP_LINE:0:COMP_POINT}\n"
    "    else line=\"${COMP_WORDS[*]:0:COMP_CWORD+1}\"; fi\n"
    "    command -v \"$prog\" >/dev/null 2>&1 || prog=openai-ft\n"
    "    full=${line##*[[:space:]]}\n"
    "    [[ $full == --*=* ]] && full=${full#*=}\n"
    "    [[ $COMP_WORDBREAKS == *:* && $full == *:* ]] && pre=${full%\"${full##*:}\"}\n"
    "    while IFS= read -r id; do\n"
    "        COMPREPLY+=(\"${id#\"$pre\"}\")\n"
    "    done < <(\"$prog\" __complete \"$1\" \"$line\" 2>/dev/null)\n"
    "}\n\n";

static const char bash_head[] =
    "_openai_ft() {\n"
    "    local REPLY cur=${COMP_WORDS[COMP_CWORD]} cmdpath='' w skip=0 end=0 opt='' "
    "eq=0\n"
    "    local -a words=()\n"
    "    local i n=$COMP_CWORD\n"
    "    # bash splits --opt=value into --opt, = and value: join them again\n"
    "    for ((i = 1; i <= n; i++)); do\n"
    "        if [[ ${COMP_WORDS[i]} == = && ${#words[@]} -gt 0 ]]; then\n"
    "            words[${#words[@]}-1]+==; ((i < n)) && { ((i++)); "
    "words[${#words[@]}-1]+=${COMP_WORDS[i]}; }\n"
    "        else\n"
    "            words+=(\"${COMP_WORDS[i]}\")\n"
    "        fi\n"
    "    done\n"
    "    cur=${words[${#words[@]}-1]}\n"
    "    if [[ $cur == --*=* ]]; then opt=${cur%%=*}; cur=${cur#*=}; eq=1; fi\n"
    "    for ((i = 0; i < ${#words[@]} - 1; i++)); do\n"
    "        w=${words[i]}\n";

static const char bash_tail[] =
    "    done\n"
    "    if [[ -z $opt ]] && ((!end && ${#words[@]} > 1)); then\n"
    "        w=${words[${#words[@]}-2]}\n"
    "        [[ $w == -?* && $w != *=* ]] && opt=$w\n"
    "    fi\n"
    "    if [[ -n $opt ]]; then\n"
    "        _openai_ft_value \"$cmdpath\" \"$opt\"\n"
    "        case $REPLY in\n"
    "        file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "
    "\"$cur\")); "
    "return ;;\n"
    "        dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "
    "\"$cur\")); "
    "return ;;\n"
    "        choice:*) COMPREPLY=($(compgen -W \"${REPLY#*:}\" -- \"$cur\")); return ;;\n"
    "        optional:*) if ((eq)); then COMPREPLY=($(compgen -W \"${REPLY#*:}\" -- "
    "\"$cur\")); return; fi ;;\n"
    "        text) COMPREPLY=(); return ;;\n"
    "        id:*) COMPREPLY=(); _openai_ft_ids \"${REPLY#id:}\"; return ;;\n"
    "        file+id:*) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "
    "\"$cur\")); _openai_ft_ids \"${REPLY#file+id:}\"; return ;;\n"
    "        esac\n"
    "    fi\n"
    "    if ((!end)) && [[ $cur == -* ]]; then\n"
    "        _openai_ft_opts \"$cmdpath\"\n"
    "        COMPREPLY=($(compgen -W \"$REPLY\" -- \"$cur\")); return\n"
    "    fi\n"
    "    _openai_ft_subs \"$cmdpath\"\n"
    "    if [[ -n $REPLY ]]; then COMPREPLY=($(compgen -W \"$REPLY\" -- \"$cur\")); "
    "return; fi\n"
    "    _openai_ft_operands \"$cmdpath\"\n"
    "    case $REPLY in\n"
    "    file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")) "
    ";;\n"
    "    choice:*) COMPREPLY=($(compgen -W \"${REPLY#*:}\" -- \"$cur\")) ;;\n"
    "    id:*) COMPREPLY=(); _openai_ft_ids \"${REPLY#id:}\" ;;\n"
    "    *) COMPREPLY=() ;;\n"
    "    esac\n"
    "}\n"
    "complete -F _openai_ft openai-ft\n";

void cli_complete_bash(void)
{
    printf(
        "# bash completion for openai-ft, generated by 'openai-ft completion bash'\n\n");
    put_data();
    fputs(bash_ids, stdout);
    fputs(bash_head, stdout);
    fputs(walk_body, stdout);
    fputs(bash_tail, stdout);
}

/* The IDs of the API for the word at the cursor (as bash's _openai_ft_ids). */
static const char zsh_ids[] =
    "_openai_ft_ids() {\n"
    "    local -a ids\n"
    "    ids=(${(f)\"$(${words[1]} __complete $1 \"${(j: :)${(@q)words[1,CURRENT]}}\" "
    "2>/dev/null)\"})\n"
    "    compadd -- $ids\n"
    "}\n\n";

static const char zsh_head[] =
    "_openai-ft() {\n"
    "    local REPLY cur=${words[CURRENT]} cmdpath='' w skip=0 end=0 opt='' eq=0 i\n"
    "    if [[ $cur == --*=* ]]; then opt=${cur%%=*}; cur=${cur#*=}; eq=1; "
    "compset -P '*='; fi\n"
    "    for ((i = 2; i < CURRENT; i++)); do\n"
    "        w=${words[i]}\n";

static const char zsh_tail[] =
    "    done\n"
    "    if [[ -z $opt ]] && ((!end && CURRENT > 2)); then\n"
    "        w=${words[CURRENT-1]}\n"
    "        [[ $w == -?* && $w != *=* ]] && opt=$w\n"
    "    fi\n"
    "    if [[ -n $opt ]]; then\n"
    "        _openai_ft_value \"$cmdpath\" \"$opt\"\n"
    "        case $REPLY in\n"
    "        file) _files; return ;;\n"
    "        dir) _directories; return ;;\n"
    "        choice:*) compadd -- ${=${REPLY#*:}}; return ;;\n"
    "        optional:*) if ((eq)); then compadd -- ${=${REPLY#*:}}; return; fi ;;\n"
    "        text) return 1 ;;\n"
    "        id:*) _openai_ft_ids ${REPLY#id:}; return ;;\n"
    "        file+id:*) _files; _openai_ft_ids ${REPLY#file+id:}; return ;;\n"
    "        esac\n"
    "    fi\n"
    "    if ((!end)) && [[ $cur == -* ]]; then\n"
    "        _openai_ft_opts \"$cmdpath\"; compadd -- ${=REPLY}; return\n"
    "    fi\n"
    "    _openai_ft_subs \"$cmdpath\"\n"
    "    if [[ -n $REPLY ]]; then compadd -- ${=REPLY}; return; fi\n"
    "    _openai_ft_operands \"$cmdpath\"\n"
    "    case $REPLY in\n"
    "    file) _files ;;\n"
    "    choice:*) compadd -- ${=${REPLY#*:}} ;;\n"
    "    id:*) _openai_ft_ids ${REPLY#id:} ;;\n"
    "    *) return 1 ;;\n"
    "    esac\n"
    "}\n"
    "\n"
    "if [[ ${funcstack[1]} == _openai-ft ]]; then\n"
    "    _openai-ft \"$@\"\n"
    "else\n"
    "    compdef _openai-ft openai-ft\n"
    "fi\n";

void cli_complete_zsh(void)
{
    printf("#compdef openai-ft\n"
           "# zsh completion for openai-ft, generated by 'openai-ft completion zsh'\n\n");
    put_data();
    fputs(zsh_ids, stdout);
    fputs(zsh_head, stdout);
    fputs(walk_body, stdout);
    fputs(zsh_tail, stdout);
}
