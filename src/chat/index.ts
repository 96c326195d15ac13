// `stompkit/chat`: chat hooks and components on the StompX dialect (issue #7, in progress).
export {};
