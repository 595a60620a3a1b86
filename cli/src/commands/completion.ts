import { Argument, type Command } from 'commander';
import { writeOut } from '../output.js';
import { action, examples } from '../command-kit.js';

interface Level {
  path: string;
  words: string[];
  commands: string[];
}

/** Every command path of the program with the words that may follow it (subcommands, options). */
function levels(cmd: Command, path = ''): Level[] {
  const commands = cmd.commands.map((c) => c.name());
  const options = [...cmd.options.map((o) => o.long).filter((l): l is string => l !== undefined), '--help'];
  return [{ path, words: [...commands, ...options], commands }, ...cmd.commands.flatMap((c) => levels(c, path ? `${path} ${c.name()}` : c.name()))];
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A bash completion script, generated from the program itself, so every command and option is in it. */
export function bashCompletion(program: Command): string {
  const all = levels(program);
  return `# strand completion for bash: eval "$(strand completion bash)" (or save it under /etc/bash_completion.d/)
declare -A _strand_words=(
${all.map((l) => `  [${quote(l.path || '.')}]=${quote(l.words.join(' '))}`).join('\n')}
)
declare -A _strand_commands=(
${all.map((l) => `  [${quote(l.path || '.')}]=${quote(l.commands.join(' '))}`).join('\n')}
)
_strand() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" key w i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    key="\${path:-.}"
    case " \${_strand_commands[$key]} " in *" $w "*) path="\${path:+$path }$w" ;; esac
  done
  COMPREPLY=($(compgen -W "\${_strand_words[\${path:-.}]}" -- "$cur"))
  [[ \${#COMPREPLY[@]} -eq 0 ]] && COMPREPLY=($(compgen -f -- "$cur"))
  return 0
}
complete -F _strand strand
`;
}

/** `strand completion bash`: prints the shell completion script. */
export function register(program: Command): void {
  examples(program.command('completion').description('print a shell completion script (bash; zsh with bashcompinit)')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash'])),
  ['eval "$(strand completion bash)"', 'strand completion bash > ~/.local/share/bash-completion/completions/strand'])
    .action(action(async () => {
      await writeOut(bashCompletion(program));
      return 0;
    }));
}
