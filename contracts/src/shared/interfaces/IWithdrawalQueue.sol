// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IWithdrawalQueue
/// @notice trETH -> ETH withdrawals as a FIFO queue of ERC-721 requests. A request locks trETH;
///         an oracle report finalizes requests in order at the lower of the request-time and the
///         finalization-time rate (so losses between the two are shared); the owner then claims ETH.
interface IWithdrawalQueue {
    struct Request {
        /// @notice The request NFT's owner; zero once claimed (the claim burns the NFT).
        address owner;
        /// @notice trETH shares locked by the request (a whole number of SHARE_UNITs).
        uint128 shares;
        /// @notice Rate (ETH per 1e18 trETH) when requested, rounded down to a RATE_STEP.
        uint128 rateAtRequest;
        /// @notice ETH the request pays once finalized (0 before): shares * min(rateAtRequest,
        ///         finalization rate) / 1e18, rounded down.
        uint128 ethFinalized;
        /// @notice True once claimed. The request time is not stored: it is the block time of
        ///         the request's WithdrawalRequested event.
        bool claimed;
        /// @notice True once the request's id is at or below lastFinalizedRequestId.
        bool finalized;
    }

    /// @notice `shares` and `rate` are what the request holds (whole units, rate rounded down);
    ///         the block of this event is the request time.
    event WithdrawalRequested(uint256 indexed requestId, address indexed requestor, address indexed owner, uint256 shares, uint256 rate);
    event WithdrawalsFinalized(uint256 indexed fromRequestId, uint256 indexed toRequestId, uint256 ethLocked, uint256 sharesBurned, uint256 rate);
    event WithdrawalClaimed(uint256 indexed requestId, address indexed owner, address indexed receiver, uint256 eth);
    event RequestsPaused(address indexed by);
    event RequestsResumed(address indexed by);

    error WithdrawalQueue_AmountTooSmall(uint256 eth, uint256 minEth);
    error WithdrawalQueue_AmountTooLarge(uint256 eth, uint256 maxEth);
    error WithdrawalQueue_ZeroOwner();
    error WithdrawalQueue_NotPool(address caller);
    error WithdrawalQueue_NotOwnerOrApproved(uint256 requestId, address caller);
    error WithdrawalQueue_NotFinalized(uint256 requestId);
    error WithdrawalQueue_AlreadyClaimed(uint256 requestId);
    error WithdrawalQueue_InvalidFinalizationRange(uint256 upToRequestId, uint256 lastRequestId);
    error WithdrawalQueue_WrongFinalizationValue(uint256 sent, uint256 required);
    error WithdrawalQueue_EthTransferFailed(address receiver, uint256 eth);
    /// @notice New requests are paused (claims are not).
    error WithdrawalQueue_RequestsPaused();
    /// @notice Resume called while requests are not paused.
    error WithdrawalQueue_RequestsNotPaused();
    /// @notice A constructor address is zero.
    error WithdrawalQueue_ZeroAddress();
    /// @notice Finalization at a zero rate would pay nothing for burned shares.
    error WithdrawalQueue_ZeroRate();
    /// @notice No live request NFT has this id (never minted, or burned by its claim).
    error WithdrawalQueue_NonexistentRequest(uint256 requestId);
    /// @notice A transfer named `from`, but the request NFT belongs to `owner`.
    error WithdrawalQueue_FromNotOwner(uint256 requestId, address from, address owner);
    /// @notice Only the owner or one of its operators may approve an address for a request.
    error WithdrawalQueue_NotOwnerOrOperator(uint256 requestId, address caller);
    /// @notice A safe transfer's contract receiver did not accept the request NFT.
    error WithdrawalQueue_NotERC721Receiver(address receiver);

    /// @notice Locks `shares` trETH rounded down to a whole SHARE_UNIT (pulled from the caller,
    ///         who must have approved; the remainder stays with the caller) and mints a request
    ///         NFT to `owner`. Reverts when requests are paused or the ETH value (locked shares at
    ///         the rate rounded down to a RATE_STEP) is out of [MIN_WITHDRAWAL, MAX_WITHDRAWAL].
    function requestWithdrawal(uint256 shares, address owner) external returns (uint256 requestId);

    /// @notice Sends a finalized request's ETH to the request NFT's owner; callable by the owner or an approved address.
    /// @dev Works while requests are paused; reentrancy-safe (state settles before the transfer).
    function claim(uint256 requestId) external;

    /// @notice Claims several requests in one call, each to its owner.
    function claimBatch(uint256[] calldata requestIds) external;

    /// @notice ETH and shares that finalizing up to `upToRequestId` at `rate` needs.
    function prefinalize(uint256 upToRequestId, uint256 rate) external view returns (uint256 ethToLock, uint256 sharesToBurn);

    /// @notice Finalizes requests up to `upToRequestId` at `rate`; `msg.value` must equal the
    ///         `ethToLock` of `prefinalize`. Pool only; the pool burns the shares.
    function finalize(uint256 upToRequestId, uint256 rate) external payable;

    /// @notice A request's state; `ethFinalized` is computed from the finalization checkpoint.
    function getRequest(uint256 requestId) external view returns (Request memory);
    /// @notice Id of the newest request (ids start at 1).
    function lastRequestId() external view returns (uint256);
    /// @notice Every request up to this id is finalized (FIFO).
    function lastFinalizedRequestId() external view returns (uint256);
    /// @notice Shares locked by requests not yet finalized.
    function unfinalizedShares() external view returns (uint256);
    /// @notice ETH held for finalized, unclaimed requests.
    function lockedEther() external view returns (uint256);

    /// @notice Smallest ETH value (at the request-time rate) a request may have.
    function MIN_WITHDRAWAL() external view returns (uint256);
    /// @notice Largest ETH value (at the request-time rate) a request may have.
    function MAX_WITHDRAWAL() external view returns (uint256);
    /// @notice Requests lock shares in whole units of this many wei (1e9): the request word packs
    ///         its owner, shares and rate into 256 bits.
    function SHARE_UNIT() external view returns (uint256);
    /// @notice The rate at request is stored rounded down to a multiple of this (1e9, i.e. 1e-9
    ///         ETH per trETH), in the pool's favour.
    function RATE_STEP() external view returns (uint256);
    /// @notice The trETH pool: the token requests lock, the rate source, the only finalizer.
    function POOL() external view returns (address);
    /// @notice True while new requests are paused.
    function requestsPaused() external view returns (bool);
    /// @notice ETH `claim(requestId)` would pay now: 0 if not finalized or already claimed.
    function claimableEther(uint256 requestId) external view returns (uint256);
}
