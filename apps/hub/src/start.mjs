// Placeholder until the server lands: prints that the host exists.
console.log('Hub host: the engine and server are being built.');
