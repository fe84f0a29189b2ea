// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title INodeOperatorRegistry
/// @notice Node operators, their validator keys, and how new validators are spread across them.
interface INodeOperatorRegistry {
    struct Operator {
        string name;
        address rewardAddress;
        bool active;
        /// @notice Keys uploaded (pubkey + signature pairs).
        uint64 totalKeys;
        /// @notice Keys already deposited to the beacon chain (never decreases).
        uint64 depositedKeys;
        /// @notice Most keys this operator may have deposited (admin-set limit).
        uint64 stakingLimit;
    }

    event OperatorAdded(uint256 indexed operatorId, string name, address rewardAddress);
    event OperatorActiveSet(uint256 indexed operatorId, bool active);
    event OperatorRewardAddressSet(uint256 indexed operatorId, address rewardAddress);
    event StakingLimitSet(uint256 indexed operatorId, uint64 stakingLimit);
    event SigningKeysAdded(uint256 indexed operatorId, uint256 count, uint64 totalKeys);
    event MaxOperatorShareSet(uint16 maxShareBps);
    event KeysAllocated(uint256 indexed operatorId, uint256 count, uint64 depositedKeys);
    event PoolSet(address indexed pool);
    /// @notice The key-set nonce moved: the keys the next deposit would use may have changed.
    event KeysNonceChanged(uint256 nonce);

    error NodeOperatorRegistry_NotPool(address caller);
    error NodeOperatorRegistry_NotOperatorOrAdmin(uint256 operatorId, address caller);
    error NodeOperatorRegistry_UnknownOperator(uint256 operatorId);
    error NodeOperatorRegistry_ZeroAddress();
    error NodeOperatorRegistry_EmptyName();
    error NodeOperatorRegistry_InvalidShare(uint16 maxShareBps);
    error NodeOperatorRegistry_InvalidKeyCount(uint256 count, uint256 maxPerCall);
    error NodeOperatorRegistry_InvalidKeysLength(uint256 pubkeysLength, uint256 signaturesLength, uint256 count);
    error NodeOperatorRegistry_EmptyKey(uint256 index);
    error NodeOperatorRegistry_UnknownKey(uint256 operatorId, uint256 index);
    error NodeOperatorRegistry_NotEnoughKeys(uint256 requested, uint256 available);

    /// @notice Appends validator keys (48-byte pubkeys, 96-byte signatures, concatenated).
    /// @dev Only the operator's reward address or the admin; at most MAX_KEYS_PER_CALL per call.
    function addSigningKeys(uint256 operatorId, uint256 count, bytes calldata pubkeys, bytes calldata signatures) external;

    /// @notice Picks `count` undeposited keys, spreading them across active operators so none
    ///         exceeds the max share of deposited validators; marks them deposited.
    ///         Also returns each key's 32 ETH deposit data root for `withdrawalCredentials`.
    /// @dev Only the staking pool (TrETH). Reverts if fewer than `count` keys can be allocated.
    ///      The beacon deposit contract recomputes every root and rejects a mismatch, so computing
    ///      them here (keeping the pool under the contract size limit) costs no safety.
    function allocateKeys(uint256 count, bytes32 withdrawalCredentials)
        external
        returns (bytes memory pubkeys, bytes memory signatures, bytes32[] memory depositDataRoots);

    /// @notice How many keys `allocateKeys` could hand out now.
    function availableKeys() external view returns (uint256);

    /// @notice `min(max, availableKeys())`, simulating at most `max` picks (bounded gas for the pool).
    function allocatableKeys(uint256 max) external view returns (uint256);

    /// @notice Adds an operator (active, staking limit 0). Admin only. Emits {OperatorAdded}.
    function addOperator(string calldata name, address rewardAddress) external returns (uint256 operatorId);

    /// @notice Admin only. Emits {OperatorActiveSet}.
    function setOperatorActive(uint256 operatorId, bool active) external;

    /// @notice Admin only. Emits {OperatorRewardAddressSet}.
    function setRewardAddress(uint256 operatorId, address rewardAddress) external;

    /// @notice Most keys the operator may have deposited. Admin only. Emits {StakingLimitSet}.
    function setStakingLimit(uint256 operatorId, uint64 stakingLimit) external;

    /// @notice Largest share of all deposited validators one operator may reach, in bps (10_000 disables
    ///         the cap). Admin only. Emits {MaxOperatorShareSet}.
    function setMaxOperatorShare(uint16 maxShareBps) external;

    /// @notice The staking pool allowed to allocate keys. Admin only. Emits {PoolSet}.
    function setPool(address pool) external;

    function pool() external view returns (address);
    function maxOperatorShareBps() external view returns (uint16);
    /// @notice Keys deposited across all operators.
    function totalDepositedKeys() external view returns (uint256);

    /// @notice Changes whenever keys are added or allocated, or an operator's status, staking limit
    ///         or the max share changes: anything that can change which keys the next deposit uses.
    ///         Deposit guardians sign it, so a key-set change after they checked voids their signatures.
    function keysNonce() external view returns (uint256);

    /// @notice The pubkeys (48 bytes each, concatenated) `allocateKeys` would hand out next, in order,
    ///         for at most `max` validators. A deposit of n validators uses the first n of them.
    function nextKeys(uint256 max) external view returns (bytes memory pubkeys);

    /// @notice Reward addresses of active operators and their weights (deposited keys), for fees.
    function rewardRecipients() external view returns (address[] memory recipients, uint256[] memory weights);

    function getOperator(uint256 operatorId) external view returns (Operator memory);
    function operatorCount() external view returns (uint256);
    function getSigningKey(uint256 operatorId, uint256 index) external view returns (bytes memory pubkey, bytes memory signature);
}
