//! `fanout nats status`: what a NATS server holds for fanout, for an operator: the work
//! stream, the workers, the runs in progress with their batches pending, and leftovers.

use clap::{Args, Subcommand};
use fanout_nats::{NatsOptions, status};

use crate::connection::ConnectionArgs;

/// Look at a NATS server that fanout-nats runs on.
#[derive(Args, Debug)]
pub(crate) struct NatsArgs {
    #[command(subcommand)]
    command: NatsCommand,
}

#[derive(Subcommand, Debug)]
enum NatsCommand {
    /// List the runs in progress, their batches pending and the workers' state, and the
    /// batches left by runs that have gone (from JetStream's stream and consumer info;
    /// it changes nothing).
    Status(StatusArgs),
}

#[derive(Args, Debug)]
struct StatusArgs {
    #[command(flatten)]
    connection: ConnectionArgs,
}

impl NatsArgs {
    pub(crate) fn run(self) -> Result<(), String> {
        match self.command {
            NatsCommand::Status(args) => {
                let options = args.connection.apply(NatsOptions::new());
                let status =
                    status(&args.connection.nats, &options).map_err(|error| error.to_string())?;
                print!("{status}");
                Ok(())
            }
        }
    }
}
