/** An instance that is sending proactive messages, as the others see it. */
export interface LiveSender {
  id: string;
  /** When storage wrote its last heartbeat (ms since the epoch, storage's clock): orders heartbeats. */
  writtenAt: number;
}

/** Where the instances that are sending say so, to share the bot's send budget. */
export interface LiveSenders {
  /** Records `id` as alive until `until`; returns every sender alive at `beatAt`, `id` included. */
  beat(id: string, beatAt: number, until: number): Promise<LiveSender[]>;
  /** Every sender alive at `at`. */
  list(at: number): Promise<LiveSender[]>;
  /** Removes `id`: it stopped sending. */
  leave(id: string): Promise<void>;
}
